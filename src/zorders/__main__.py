from zorders.cli.main import app

app(prog_name="zorders")
