package main

import (
	"net/http"

	"github.com/kshare/kshare/web/emulator"
)

// emulatorSettings is what the server knows that the Kakao emulator needs.
type emulatorSettings struct {
	// ConfigPath is the -config flag: the app configuration file, "" for the built-in
	// demo app.
	ConfigPath string
	// BaseURL is the server's own origin, e.g. http://127.0.0.1:8080 (the real port
	// when listening on port 0): the emulator's base URL and the demo page's origin.
	BaseURL string
	// WebhookURL is the demo app's webhook: the inbox at BaseURL/inbox/webhook.
	WebhookURL string
	// AdminKey is the demo app's admin key, which the inbox checks.
	AdminKey string
}

// newEmulator returns the Kakao emulator (package web/emulator) for the server's
// settings: the demo app, plus the apps of the -config file.
func newEmulator(s emulatorSettings) (http.Handler, error) {
	em, err := emulator.New(emulator.Options{ConfigFile: s.ConfigPath, BaseURL: s.BaseURL, DemoWebhookURL: s.WebhookURL, DemoAdminKey: s.AdminKey})
	if err != nil {
		return nil, err
	}
	return em, nil
}
