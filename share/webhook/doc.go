// Package webhook receives Kakao's share webhook on a service's server.
//
// After a user shares a message that carried serverCallbackArgs, Kakao (or kshare's
// emulator) calls the webhook URL configured for the app, once, with the headers
// Authorization: KakaoAK <admin key>, X-Kakao-Resource-ID and User-Agent:
// KakaoOpenAPI/1.0, and the parameters CHAT_TYPE, HASH_CHAT_ID, TEMPLATE_ID (only when
// the share used a template id) and every custom key of serverCallbackArgs. Kakao waits
// 3 seconds for a 2XX and never retries.
//
// A [Handler] checks and parses such a request, answers 200 at once and hands the
// [Event] to the caller's function in its own goroutine:
//
//	h := webhook.New(os.Getenv("KAKAO_ADMIN_KEY"), func(ctx context.Context, ev webhook.Event) {
//		orderID, _ := ev.Arg("orderId")
//		log.Printf("shared order %s to a %s (chat %s)", orderID, ev.ChatType, ev.HashChatID)
//	})
//	http.Handle("/kakao/webhook", h)
//	srv := &http.Server{Addr: "127.0.0.1:8000"}
//	go srv.ListenAndServe()
//	<-ctx.Done()
//	srv.Shutdown(context.Background())
//	h.Close(context.Background()) // waits for deliveries still running
//
// # What a request must look like
//
// The handler answers, in this order of checks:
//
//   - 405 for a method other than GET or POST (with an Allow header);
//   - 401 when Authorization is not exactly "KakaoAK <admin key>" (compared in constant
//     time over SHA-256 digests, so neither the key nor its length leaks);
//   - 400 when X-Kakao-Resource-ID is missing, repeated or longer than 256 bytes;
//   - 413 when a POST body is larger than the limit (64 KiB, [WithMaxBodyBytes]) and 414
//     when the query string is;
//   - 415 for a POST body that is neither application/x-www-form-urlencoded nor JSON;
//   - 400 for an unparsable query, form or JSON body, a repeated or empty parameter name,
//     or a missing or empty CHAT_TYPE or HASH_CHAT_ID;
//   - 503 once [Handler.Close] has been called;
//   - 200 {"status":"duplicate"} for a resource id seen recently ([WithDedup]): nothing
//     is delivered again;
//   - 200 {"status":"accepted"} otherwise; the event is delivered after the response
//     has been written and flushed.
//
// Every error answer is JSON: {"error": "<what is wrong>", "field": "<header or
// parameter name>"} (field is left out when no single field is at fault).
//
// # Where the parameters come from
//
// GET: the query string. POST: the query string followed by the body, which is either
// application/x-www-form-urlencoded (what kshare's emulator sends) or a JSON object
// (Kakao does not document its POST encoding). A body without a Content-Type is read as
// JSON when it starts with '{', else as a form. In a JSON object, strings are taken as
// they are and other values (numbers, booleans, null, arrays, objects) as their compact
// JSON text, so {"count": 3} gives the argument count = "3".
//
// CHAT_TYPE is not checked against the five known values (see [ChatType]): a chat type
// Kakao adds later still reaches the caller. Parameters other than CHAT_TYPE,
// HASH_CHAT_ID and TEMPLATE_ID, including IS_SINGLE_CHATROOM that Kakao sends to its
// own apps, are custom arguments, kept in [Event.Args] in the order received.
package webhook
