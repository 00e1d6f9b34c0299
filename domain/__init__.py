"""The vocabulary every layer shares: items, materials, levels, problems, weeks. No I/O."""
