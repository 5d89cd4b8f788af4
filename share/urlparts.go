package share

import "strings"

// This file reads what the doctor needs of a URL, by hand and in few instructions:
// net/url and net/netip would land in the wasm (DESIGN.md, Size and speed). It follows
// the URL standard (WHATWG URL) where that matters for telling where a URL goes:
// surrounding spaces are ignored, the scheme is case-insensitive, http(s) may have any
// number of slashes or backslashes before the host, and an IPv4 host may take any of
// the forms browsers accept ("127.1", "0x7f000001", "2130706433", "0177.0.0.1").

// urlParts is what the doctor reads of a URL: its lower-case scheme ("" when the URL is
// relative) and, for http and https, its lower-case host without brackets, port or
// trailing dot.
type urlParts struct{ scheme, host string }

// relative reports whether the URL has no scheme.
func (u urlParts) relative() bool { return u.scheme == "" }

// web reports whether the URL is http or https.
func (u urlParts) web() bool { return u.scheme == "http" || u.scheme == "https" }

// parseURL reads the scheme of raw (a letter, then letters, digits, "+", "-" or ".",
// then ":") and, for http(s), its host.
func parseURL(raw string) urlParts {
	s := trimSpace(raw)
	colon := -1
	for i := 0; i < len(s) && colon < 0; i++ {
		c := s[i] | 0x20
		switch {
		case 'a' <= c && c <= 'z':
		case i > 0 && s[i] == ':':
			colon = i
		case i == 0 || !('0' <= s[i] && s[i] <= '9' || s[i] == '+' || s[i] == '-' || s[i] == '.'):
			return urlParts{}
		}
	}
	if colon < 0 {
		return urlParts{}
	}
	u := urlParts{scheme: lowerASCII(s[:colon])}
	if !u.web() {
		return u
	}
	start := colon + 1
	for start < len(s) && (s[start] == '/' || s[start] == '\\') {
		start++
	}
	end, port := start, -1
scan:
	for ; end < len(s); end++ {
		switch s[end] {
		case '/', '\\', '?', '#':
			break scan
		case '@': // userinfo ends here
			start, port = end+1, -1
		case ':':
			port = end
		case ']':
			port = -1
		}
	}
	if port >= 0 {
		end = port
	}
	host := strings.TrimSuffix(lowerASCII(s[start:end]), ".")
	if len(host) > 1 && host[0] == '[' && host[len(host)-1] == ']' {
		host = host[1 : len(host)-1]
	}
	u.host = host
	return u
}

// trimSpace removes the ASCII spaces, tabs and line breaks around s.
func trimSpace(s string) string {
	for s != "" && s[0] <= ' ' {
		s = s[1:]
	}
	for s != "" && s[len(s)-1] <= ' ' {
		s = s[:len(s)-1]
	}
	return s
}

// isLocalHost reports whether host names the device it is used on or its network:
// localhost, *.localhost, and loopback, private, link-local and "this host" addresses
// (see the doctor's local rule for the ranges and their sources).
func isLocalHost(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	if ip, ok := parseIPv4(host); ok {
		return localIPv4(ip)
	}
	ip, ok := parseIPv6(host)
	zero := ip[0]|ip[1]|ip[2]|ip[3]|ip[4] == 0
	switch {
	case !ok:
		return false
	case zero && ip[5] == 0 && ip[6] == 0 && ip[7] <= 1: // :: and ::1
		return true
	case zero && ip[5] == 0xffff: // ::ffff:a.b.c.d
		return localIPv4(uint32(ip[6])<<16 | uint32(ip[7]))
	}
	return ip[0]&0xfe00 == 0xfc00 || ip[0]&0xffc0 == 0xfe80 // fc00::/7, fe80::/10
}

// localIPv4 reports whether ip is in 0.0.0.0/8, 10.0.0.0/8, 127.0.0.0/8,
// 169.254.0.0/16, 172.16.0.0/12 or 192.168.0.0/16.
func localIPv4(ip uint32) bool {
	a := ip >> 24
	return a == 0 || a == 10 || a == 127 || ip>>16 == 0xa9fe || ip>>20 == 0xac1 || ip>>16 == 0xc0a8
}

// parseIPv4 reads an IPv4 address as the URL standard's host parser does: one to four
// dot-separated numbers, each decimal, hexadecimal (0x) or octal (leading 0), the last
// one filling the remaining bytes.
func parseIPv4(host string) (uint32, bool) {
	var ip uint64
	for n := 1; n <= 4; n++ {
		part, rest, more := strings.Cut(host, ".")
		base := uint64(10)
		if len(part) > 1 && part[0] == '0' {
			base, part = 8, part[1:]
			if part[0]|0x20 == 'x' {
				base, part = 16, part[1:]
			}
		}
		v, ok := digits(part, base, 1<<32)
		if part == "" && base == 16 {
			v, ok = 0, true
		}
		switch {
		case !ok:
			return 0, false
		case !more:
			if v >= 1<<(8*(5-n)) {
				return 0, false
			}
			return uint32(ip<<(8*(5-n)) | v), true
		case v > 255:
			return 0, false
		}
		ip, host = ip<<8|v, rest
	}
	return 0, false
}

// parseIPv6 reads an IPv6 address without brackets (a zone after "%" is ignored): eight
// colon-separated groups of one to four hexadecimal digits, "::" standing for one or
// more zero groups, and the last 32 bits possibly written as an IPv4 address.
func parseIPv6(host string) (ip [8]uint16, ok bool) {
	host, _, _ = strings.Cut(host, "%")
	head, tail, compressed := strings.Cut(host, "::")
	var h, t [8]uint16
	nh, ok1 := ipv6Groups(head, h[:])
	nt, ok2 := ipv6Groups(tail, t[:8-nh])
	if !ok1 || !ok2 || (compressed && nh+nt == 8) || (!compressed && nh != 8) {
		return ip, false
	}
	copy(ip[:], h[:nh])
	copy(ip[8-nt:], t[:nt])
	return ip, true
}

// ipv6Groups reads the colon-separated groups of s into out ("" is none) and returns
// how many there are.
func ipv6Groups(s string, out []uint16) (int, bool) {
	n := 0
	for s != "" {
		part, rest, more := strings.Cut(s, ":")
		if !more && strings.IndexByte(part, '.') >= 0 && n+2 <= len(out) {
			v4, ok := parseIPv4(part)
			out[n], out[n+1] = uint16(v4>>16), uint16(v4)
			return n + 2, ok
		}
		v, ok := digits(part, 16, 0x10000)
		if !ok || len(part) > 4 || n == len(out) || (more && rest == "") {
			return 0, false
		}
		out[n], n, s = uint16(v), n+1, rest
	}
	return n, true
}

// digits reads s ("" is not a number) as a number in base (8, 10 or 16) below limit.
func digits(s string, base, limit uint64) (uint64, bool) {
	var v uint64
	for i := 0; i < len(s); i++ {
		d := uint64(s[i] - '0')
		if c := s[i] | 0x20; 'a' <= c && c <= 'f' {
			d = uint64(c-'a') + 10
		}
		if d >= base {
			return 0, false
		}
		if v = v*base + d; v >= limit {
			return 0, false
		}
	}
	return v, s != ""
}
