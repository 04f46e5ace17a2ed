// MagsagJSONSchema
