package share

import (
	"strconv"

	"github.com/kshare/kshare/share/jsvalue"
)

// ParseTemplateAnswer reads kapi's answer to a [Request.TemplateRequest]. Any status but
// exactly 200 is Kakao's error ([KAPIError]). A 200 answer must be a JSON object with a
// template_msg (difference 6: the official SDK would put the text "undefined" into the
// KakaoTalk link); template_args and template_id are passed on when present.
func ParseTemplateAnswer(status int, body string) (TalkTemplate, error) {
	if status != 200 {
		return TalkTemplate{}, KAPIError(status, body)
	}
	v, err := jsvalue.Parse(body)
	if err != nil {
		return TalkTemplate{}, badResponse(status, "the answer is not JSON: "+err.Error())
	}
	msg, _ := v.Get("template_msg")
	if v.Kind != jsvalue.Object || msg.Kind == jsvalue.Undefined || msg.Kind == jsvalue.Null {
		return TalkTemplate{}, badResponse(status, "the answer has no template_msg")
	}
	t := TalkTemplate{Msg: msg}
	t.Args, _ = v.Get("template_args")
	t.ID, _ = v.Get("template_id")
	t.Warning, _ = v.Get("warning_msg")
	t.Argument, _ = v.Get("argument_msg")
	return t, nil
}

// ParseImageAnswer reads kapi's answer to an image request: for status 200, the parsed
// JSON body ({"infos":{"original":{url, length, content_type, width, height}}} for
// upload and scrap), or the raw text when it is not JSON (an empty delete answer is "");
// any other status is Kakao's error ([KAPIError]).
func ParseImageAnswer(status int, body string) (jsvalue.Value, error) {
	if status != 200 {
		return jsvalue.Value{}, KAPIError(status, body)
	}
	if v, err := jsvalue.Parse(body); err == nil {
		return v, nil
	}
	return jsvalue.Str(body), nil
}

// KAPIError returns the error for a kapi answer with a status other than 200: Kakao's
// numeric code and message when the body is {code, msg}, the body kept as it came (an
// object, or the raw text), and a message naming the status otherwise.
func KAPIError(status int, body string) error {
	e := &Error{Code: CodeKAPI, Status: status, Body: jsvalue.Str(body),
		Message: "Kakao answered HTTP " + strconv.Itoa(status)}
	v, err := jsvalue.Parse(body)
	if err != nil {
		return e
	}
	e.Body = v
	if code, ok := v.Get("code"); ok && code.IsInteger() {
		e.KakaoCode = int(code.Num)
	}
	if msg, ok := v.Get("msg"); ok && msg.Kind == jsvalue.String && msg.Str != "" {
		e.Message = msg.Str
	}
	return e
}

func badResponse(status int, reason string) *Error {
	return &Error{Code: CodeBadResponse, Status: status, Message: "Kakao's answer cannot be used", Reason: reason}
}
