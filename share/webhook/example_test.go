package webhook_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/kshare/kshare/share/webhook"
)

func ExampleNew() {
	shared := make(chan webhook.Event, 1)
	h := webhook.New("my-admin-key", func(ctx context.Context, ev webhook.Event) {
		shared <- ev // runs after the answer has gone to Kakao; keep it bounded by ctx
	})
	defer h.Close(context.Background())

	// What Kakao sends after a share with serverCallbackArgs {"orderId": "42"}.
	r := httptest.NewRequest(http.MethodGet, "/kakao/webhook?CHAT_TYPE=MultiChat&HASH_CHAT_ID=c7f1&orderId=42", nil)
	r.Header.Set("Authorization", "KakaoAK my-admin-key")
	r.Header.Set("X-Kakao-Resource-ID", "Rvy1c2dkzBAZ5hGD3rqYbxvr")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)

	ev := <-shared
	orderID, _ := ev.Arg("orderId")
	fmt.Printf("%d %s", w.Code, w.Body) // the body ends with a newline
	fmt.Println(ev.ChatType, ev.HashChatID, orderID)
	// Output:
	// 200 {"status":"accepted"}
	// MultiChat c7f1 42
}
