package main

import (
	"errors"
	"net/http"
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

// newEmulator returns the Kakao emulator, or nil while package web/emulator does not
// exist.
//
// ─── EMULATOR MOUNT POINT ───────────────────────────────────────────────────────────
// Replace the body with the one line that builds the emulator:
//
//	return emulator.New(emulator.Options{ConfigFile: s.ConfigPath, BaseURL: s.BaseURL,
//		DemoWebhookURL: s.WebhookURL, DemoAdminKey: s.AdminKey})
//
// The handler returned is mounted at emulatorPatterns (/picker/, /v2/api/, /scheme/,
// /emulator/, /images/); if it has a method Close(context.Context) error, run calls it
// at shutdown, before the inbox is closed. run returns New's error without using the
// handler, so a typed nil *Emulator returned with an error does no harm.
func newEmulator(s emulatorSettings) (http.Handler, error) {
	if s.ConfigPath != "" {
		return nil, errors.New("-config: the Kakao emulator is not part of this build yet")
	}
	return nil, nil
}
