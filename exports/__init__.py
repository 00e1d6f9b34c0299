"""Files we hand to people: the fill-in template and table downloads, safe to open in Excel and WPS."""
