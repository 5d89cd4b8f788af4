// Package bridge is the format between the loader (js/kshare.js) and the engine: the
// loader turns each call into one string ([Decode] reads it into a
// [share.Invocation]), and the engine answers with one string ([Encode] writes a
// [share.Plan] as JSON, which the loader parses with JSON.parse and carries out). It
// imports no syscall/js, so it is built and tested on the host; the wasm main package
// only moves the two strings across.
//
// # The call text
//
// The loader writes, with one walk over the page's argument:
//
//	<call name> "\n" <section>*
//
// Sections, each starting with its letter, in this order when present:
//
//	E <ua s> <platform s> <language s> <maxTouchPoints d> <origin s>
//	  <screen.width d> <screen.height d> <screenLeft d> <screenTop d>
//	                      what the browser says (ua, platform, language: navigator;
//	                      origin: location.protocol + "//" + location.host)
//	K                     a click on a container this create*Button call bound
//	L 1 | L 0 | L x <message s>
//	                      create*Button's container: an element was found, none was,
//	                      or querySelector threw message
//	A <status d> <body s> <network error s>
//	                      the answer to the plan's fetch
//	V <value>             the call's first argument
//	! <reason> <n d> <key>×n <detail s>
//	                      the walk stopped at the path of the n keys (strings for
//	                      properties, numbers for indices): reason c (a cycle), d
//	                      (nested deeper than MaxDepth), g (reading it threw detail),
//	                      n (more than MaxValues values; detail is the count), t (more
//	                      than MaxText UTF-16 units of text; detail is the length)
//
// Values:
//
//	u  undefined           n  null               t f  true, false
//	T F  new Boolean(true), new Boolean(false)
//	d<text>;  a number, as String(n) writes it, "-0" for negative zero
//	D<text>;  a Number object
//	s<len>:<chars>  a string of len UTF-16 units; w the same for a string with a lone
//	          surrogate (each written as U+FFFD); S and W for String objects
//	a<n>:<value>×n  an array (and a FileList, NodeList or HTMLCollection: its items)
//	o<n>:(<key s|w> <value>)×n  an object, keys in Object.keys order
//	j<value><object>  an object with a toJSON method: what toJSON(key) returned, then
//	          the object itself
//	c<ref>;  a function     e<ref>;  a DOM element
//	pf<ref>;<size>;<name s><type s>  a File; pb… a Blob (name "blob")
//	x  a symbol or a bigint
//
// A ref is the index of the page's object in the loader's list for this call; a Value
// holds it plus one ([jsvalue.Value] Ref zero means none), and plans name files by it.
//
// # Bounds
//
// The loader stops its walk, and the call fails with a KakaoError at the field, past
// [MaxValues] values, [MaxText] UTF-16 units of text or [MaxDepth] levels, checking an
// array's length and an object's key count before reading them: no argument can keep
// the page busy or the engine's memory growing. The numbers are stamped into kshare.js
// by the build, from here.
package bridge
