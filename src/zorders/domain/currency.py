"""ISO 4217 currency codes: an account, a plan and a price speak one of these."""

from __future__ import annotations

from zorders.domain.errors import DomainError, ErrorCode

# Active ISO 4217 codes (funds and precious metals left out).
ISO_4217: frozenset[str] = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN
    BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD
    FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY
    KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP
    MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR
    RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT
    TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW
    ZWL
    """.split()  # noqa: SIM905 - a table, easier to read and check as text
)


def validate_currency(code: str, field: str = "currency") -> str:
    """The code itself if it is an ISO 4217 code in upper case; else INVALID_CURRENCY."""
    if code not in ISO_4217:
        raise DomainError(
            ErrorCode.INVALID_CURRENCY,
            f"'{code}' is not a valid currency: use an ISO 4217 code such as USD or EUR.",
            field,
        )
    return code
