// Package share is kshare's pure-Go core: what a valid KakaoTalk share is, and how it
// becomes the requests the official Kakao JavaScript SDK 2.7.4 sends. It validates in the
// official order with the official messages, encodes the wire format byte for byte, and
// builds every request as a value; it sends nothing and imports no syscall/js, fmt,
// encoding/json or net/http, because it is compiled into the wasm.
//
// The input is a [jsvalue.Value]: a JavaScript value as the page passed it, read by the
// bridge in one walk. How each Kakao.Share function maps onto this package:
//
//	Kakao.init(key)                 CheckAppKey, AlreadyInitialized
//	Share.sendDefault(settings)     Parse(SendDefault, …) → Request.Path →
//	                                  web sharer: SharerPopup, Request.SharerForm
//	                                  talk:       Request.TemplateRequest → ParseTemplateAnswer →
//	                                              Request.TalkLink → Request.Launch
//	                                              (failure: FailurePayload, FailureURL)
//	Share.createDefaultButton(s)    Parse(CreateDefaultButton, …, resolve) at creation, then as send
//	Share.sendCustom / createCustomButton   Parse(SendCustom / CreateCustomButton, …), as above
//	Share.sendScrap / createScrapButton     Parse(SendScrap / CreateScrapButton, …), as above
//	Share.uploadImage({file})       ParseUpload → UploadRequest → ParseImageAnswer
//	Share.scrapImage({imageUrl})    ParseImageURL → ScrapImageRequest → ParseImageAnswer
//	Share.deleteImage({imageUrl})   ParseImageURL → DeleteImageRequest → ParseImageAnswer
//
// [Session] puts these together: the whole flow of a page as a function from each call
// (an [Invocation]) to its [Plan], the steps the loader carries out. In the engine's mode,
// [Session.Reuse], a share is built in memory the session keeps from one call to the
// next, so that it allocates nothing once that memory fits; a Plan is then valid until
// the next Run, and the session copies whatever it keeps of a call.
//
// Every failure is an [*Error] with a stable [Code], the dotted path of the field at
// fault, and a message that starts with the official text. Where kshare deliberately
// differs from the official SDK (DESIGN.md), the function that differs says so.
//
// Servers use the same rules: [ParseValidationParams] validates what a sharer form or a
// kapi request carries, and [DecodeTemplate] reads a template into typed form.
//
// [Diagnose] is the share doctor: for a share that is valid, the [Warning]s of what will
// still go wrong silently once it is sent (links that open nothing on phones or on
// computers, or nowhere; images Kakao cannot fetch; text KakaoTalk cuts), each rule with
// its source. It needs nothing but the share; the emulator adds the checks that need the
// app (web/emulator).
package share
