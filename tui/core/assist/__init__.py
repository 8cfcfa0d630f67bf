"""Where the next entity probably is: capitalised-name candidates (``candidates``), dictionary
suggestions and occurrences (``suggest``) and spaCy pre-annotation (``model``).

Imports nothing: each module is loaded when the reader or the CLI first needs it.
"""
