"""Services of the regulations app: loading list files, classifying chemicals."""
