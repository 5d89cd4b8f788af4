package static

import (
	"bytes"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingReaderAt counts the reads of its content.
type countingReaderAt struct {
	content *bytes.Reader
	reads   atomic.Int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	c.reads.Add(1)
	return c.content.ReadAt(p, off)
}

func TestVersionComputesOncePerVersion(t *testing.T) {
	content := []byte(strings.Repeat("x", 10))
	var vs versions
	modTime := time.Unix(1_700_000_000, 0)
	v := vs.current("a.js", int64(len(content)), modTime)
	file := &countingReaderAt{content: bytes.NewReader(content)}

	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			hash, err := v.contentHash(file)
			assert.NoError(t, err)
			assert.Equal(t, ContentHash(content), hash)
			_, err = v.encoded(brotliEncoding, file)
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	readsAfterFirstVersion := file.reads.Load()

	same := vs.current("a.js", int64(len(content)), modTime)
	_, err := same.encoded(brotliEncoding, file)
	require.NoError(t, err)
	changed := vs.current("a.js", int64(len(content)), modTime.Add(time.Second))

	assert.Same(t, v, same, "same path, size and time: same version")
	assert.Equal(t, readsAfterFirstVersion, file.reads.Load(), "nothing read again")
	assert.NotSame(t, v, changed, "a new modification time is a new version")
}
