"""The canonical table: one row per observation of one region and service at one instant.

A region's ``customers_out`` holds from its timestamp until that region's next observation
(a step function); a region not yet observed counts 0.
"""

from __future__ import annotations

import pandas as pd

REQUIRED = ("timestamp", "region_id", "region_name", "service", "customers_out")
OPTIONAL = ("customers_restored", "customers_total")
COLUMNS = REQUIRED + OPTIONAL

SERVICES = ("power", "water", "heating", "gas", "transit", "telecom")

# Lower-case, stripped spellings that mean one of SERVICES.
SERVICE_ALIASES = {
    "power": "power", "electricity": "power", "electric": "power", "electrical": "power",
    "energy": "power", "grid": "power", "світло": "power", "електроенергія": "power",
    "електрика": "power", "электричество": "power",
    "water": "water", "water supply": "water", "вода": "water", "водопостачання": "water",
    "heating": "heating", "heat": "heating", "district heating": "heating",
    "опалення": "heating", "теплопостачання": "heating", "тепло": "heating",
    "gas": "gas", "natural gas": "gas", "газ": "gas", "газопостачання": "gas",
    "transit": "transit", "metro": "transit", "subway": "transit", "transport": "transit",
    "public transport": "transit", "tram": "transit", "trolleybus": "transit",
    "метро": "transit", "транспорт": "transit",
    "telecom": "telecom", "internet": "telecom", "mobile": "telecom", "phone": "telecom",
    "telephone": "telecom", "communications": "telecom", "зв'язок": "telecom",
    "звʼязок": "telecom", "інтернет": "telecom",
}

TIMESTAMP_DTYPE = "datetime64[us, UTC]"
DTYPES = {
    "timestamp": TIMESTAMP_DTYPE,
    "region_id": "string",
    "region_name": "string",
    "service": "string",
    "customers_out": "int64",
    "customers_restored": "Int64",
    "customers_total": "Int64",
}


def service_name(value: object) -> str | None:
    """The canonical service for a spelling, or None when it is not one we know."""
    if value is None:
        return None
    return SERVICE_ALIASES.get(str(value).strip().lower())


def empty() -> pd.DataFrame:
    """A canonical table with no rows."""
    return pd.DataFrame({c: pd.Series(dtype=DTYPES[c]) for c in COLUMNS})


def canonical(df: pd.DataFrame) -> pd.DataFrame:
    """Columns in canonical order and dtype, sorted by service, region and time.

    Expects values that already passed validation; optional columns may be missing.
    Extra columns (such as a reader's ``_row``) are dropped.
    """
    out = pd.DataFrame(index=df.index)
    for col in COLUMNS:
        if col in df.columns:
            out[col] = df[col].astype(DTYPES[col])
        else:
            out[col] = pd.Series(pd.NA, index=df.index, dtype=DTYPES[col])
    out = out.sort_values(["service", "region_id", "timestamp"], kind="stable")
    return out.reset_index(drop=True)
