//! OPATH recipient filters: lexer, parser, property catalog, canonical form, evaluator.
