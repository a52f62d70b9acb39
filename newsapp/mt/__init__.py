"""Machine-translation engine adapters. This package imports no project app."""
