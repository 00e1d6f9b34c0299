"""The command line's groups of commands; each module registers its subcommands with `register`."""
