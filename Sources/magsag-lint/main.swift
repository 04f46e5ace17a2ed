print("magsag-lint")
