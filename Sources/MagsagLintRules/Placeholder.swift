// MagsagLintRules
