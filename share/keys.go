package share

// SettingsKey returns the settings name of a template_object key, or of a dotted path of
// them, as [ParseValidationParams] reads the wire form back and as warnings and errors
// name fields: "image_url" → "imageUrl", "buttons[0].link.mobile_web_url" →
// "buttons[0].link.mobileWebUrl".
func SettingsKey(wire string) string { return camelCase(wire) }
