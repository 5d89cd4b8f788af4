package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// requestError is a request the handler refuses: the status to answer and the JSON body.
type requestError struct {
	status int
	Msg    string `json:"error"`
	Field  string `json:"field,omitempty"`
}

func (e *requestError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

func badRequest(field, msg string) *requestError {
	return &requestError{status: http.StatusBadRequest, Msg: msg, Field: field}
}

const (
	headerAuthorization = "Authorization"
	headerResourceID    = "X-Kakao-Resource-ID"
	maxResourceIDLen    = 256
)

// resourceID returns the single X-Kakao-Resource-ID header of r.
func resourceID(r *http.Request) (string, *requestError) {
	ids := r.Header.Values(headerResourceID)
	switch {
	case len(ids) == 0 || ids[0] == "":
		return "", badRequest(headerResourceID, "missing header")
	case len(ids) > 1:
		return "", badRequest(headerResourceID, "repeated header")
	case len(ids[0]) > maxResourceIDLen:
		return "", badRequest(headerResourceID, "header longer than 256 bytes")
	}
	return ids[0], nil
}

// readParams returns the parameters of r in the order received: the query string, then
// for POST the body. maxBytes limits the query string and the body each.
func readParams(w http.ResponseWriter, r *http.Request, maxBytes int64) ([]Param, *requestError) {
	if int64(len(r.URL.RawQuery)) > maxBytes {
		return nil, &requestError{status: http.StatusRequestURITooLong, Msg: "query string too long"}
	}
	params, err := parseForm(r.URL.RawQuery)
	if err != nil || r.Method != http.MethodPost {
		return params, err
	}
	body, readErr := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes))
	if readErr != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](readErr); ok {
			return nil, &requestError{status: http.StatusRequestEntityTooLarge, Msg: "body too large"}
		}
		return nil, badRequest("", "cannot read body: "+readErr.Error())
	}
	var bodyParams []Param
	switch bodyFormat(r.Header.Get("Content-Type"), body) {
	case formBody:
		bodyParams, err = parseForm(string(body))
	case jsonBody:
		bodyParams, err = parseJSONObject(body)
	default:
		return nil, &requestError{
			status: http.StatusUnsupportedMediaType,
			Msg:    "body must be application/x-www-form-urlencoded or application/json",
			Field:  "Content-Type",
		}
	}
	return append(params, bodyParams...), err
}

type format int

const (
	unsupportedBody format = iota
	formBody
	jsonBody
)

// bodyFormat tells how to read a POST body from its Content-Type, or from its first
// byte when there is none.
func bodyFormat(contentType string, body []byte) format {
	if contentType == "" {
		if bytes.HasPrefix(bytes.TrimLeft(body, " \t\r\n"), []byte("{")) {
			return jsonBody
		}
		return formBody
	}
	mediaType, _, err := mime.ParseMediaType(contentType)
	switch {
	case err != nil:
		return unsupportedBody
	case mediaType == "application/x-www-form-urlencoded":
		return formBody
	case mediaType == "application/json", strings.HasSuffix(mediaType, "+json"):
		return jsonBody
	}
	return unsupportedBody
}

// parseForm splits an application/x-www-form-urlencoded string into parameters, keeping
// their order; unlike url.ParseQuery it keeps repeated names so that they can be refused.
func parseForm(s string) ([]Param, *requestError) {
	var params []Param
	for s != "" {
		var pair string
		pair, s, _ = strings.Cut(s, "&")
		if pair == "" {
			continue
		}
		rawKey, rawValue, _ := strings.Cut(pair, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil {
			return nil, badRequest("", "bad percent-encoding in a parameter name")
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return nil, badRequest(key, "bad percent-encoding in the value")
		}
		params = append(params, Param{Key: key, Value: value})
	}
	return params, nil
}

// parseJSONObject reads the members of one JSON object, keeping their order: strings as
// they are, any other value as its compact JSON text.
func parseJSONObject(body []byte) ([]Param, *requestError) {
	invalid := badRequest("", "body is not a JSON object")
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, invalid
	}
	var params []Param
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, invalid
		}
		key, _ := tok.(string) // inside an object the decoder only yields string keys
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, invalid
		}
		params = append(params, Param{Key: key, Value: jsonText(raw)})
	}
	if tok, err := dec.Token(); err != nil || tok != json.Delim('}') {
		return nil, invalid
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, badRequest("", "data after the JSON object")
	}
	return params, nil
}

// jsonText is a JSON string's value, or the compact text of any other JSON value (null
// included, which json.Unmarshal would turn into ""). raw is one whole JSON value.
func jsonText(raw json.RawMessage) string {
	var s string
	if raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	var compact bytes.Buffer
	if json.Compact(&compact, raw) != nil {
		return string(raw) // unreachable: the decoder has already checked raw
	}
	return compact.String()
}

// newEvent sorts params into Kakao's parameters and the custom arguments. It refuses an
// empty or repeated name and a missing CHAT_TYPE or HASH_CHAT_ID.
func newEvent(params []Param) (Event, *requestError) {
	ev := Event{Args: []Param{}}
	seen := make(map[string]bool, len(params))
	for _, p := range params {
		switch {
		case p.Key == "":
			return Event{}, badRequest("", "empty parameter name")
		case seen[p.Key]:
			return Event{}, badRequest(p.Key, "repeated parameter")
		}
		seen[p.Key] = true
		switch p.Key {
		case paramChatType:
			ev.ChatType = ChatType(p.Value)
		case paramHashChatID:
			ev.HashChatID = p.Value
		case paramTemplateID:
			ev.TemplateID = p.Value
		default:
			ev.Args = append(ev.Args, p)
		}
	}
	switch {
	case ev.ChatType == "":
		return Event{}, badRequest(paramChatType, "missing parameter")
	case ev.HashChatID == "":
		return Event{}, badRequest(paramHashChatID, "missing parameter")
	}
	return ev, nil
}
