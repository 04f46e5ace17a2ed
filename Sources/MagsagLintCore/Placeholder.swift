// MagsagLintCore
