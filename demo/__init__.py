"""The demo district: a made-up county with realistic figures (domain.md, "Figures from real 2020 reports")."""
