"""The column contracts of the DataFrames that flow loaders → store → metrics → pages.

`week` is always a pandas datetime64[ns] holding the week's Monday (midnight). Quantities are floats in the
item's base unit; NaN means "not reported" (blank in the sheet), never zero.
"""

UNIT_COLUMNS = [
    "code",
    "name",
    "aliases",
    "parent_code",
    "level",
    "population",
    "households",
    "staff",
    "sub_units",
    "checkpoints",
    "classes",
    "sites",
    "active",
]
# Figures on a unit that drive planned need and publicity targets (Item.plan_driver / Item.target_driver).
UNIT_FIGURES = ["population", "households", "staff", "sub_units", "checkpoints", "classes", "sites"]

STOCK_COLUMNS = ["unit_code", "week", "item_code", "on_hand", "received", "used", "days_out", "opening"]
PUBLICITY_COLUMNS = [
    "unit_code",
    "week",
    "material_code",
    "quantity",
    "sub_units_reached",
    "households_reached",
]
# Loaders add where each record came from, so later checks (derived use) can point at the cell.
SOURCE_COLUMNS = ["sheet", "row"]
THRESHOLD_COLUMNS = ["item_code", "level", "critical_days", "low_days"]
