"""ZOQL, Zuora's object query language (issue 14): parsed with lark, compiled onto the
engine's typed query (services/query) through one table of objects and fields."""
