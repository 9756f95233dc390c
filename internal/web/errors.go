package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/triangulate/triangulate/internal/news"
)

// ErrInvalid marks an error caused by what the client sent: a malformed
// body, a bad parameter, or (from Config.Ingest) a document that cannot be
// extracted. It is answered with 400.
var ErrInvalid = errors.New("invalid request")

// Errors of the web layer itself; status maps each to its code.
var (
	errUnauthorized = errors.New("missing or wrong bearer token")
	errWritesOff    = errors.New("writes are disabled: start serve with --token")
	errNoIngest     = errors.New("ingest is not available on this server")
	errMethod       = errors.New("method not allowed")
)

// status is the one place where errors become HTTP status codes; the API
// and the UI both answer through it.
func status(err error) int {
	var tooLarge *http.MaxBytesError
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, news.ErrNotFound):
		return http.StatusNotFound
	case errors.As(err, &tooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, errUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, errWritesOff):
		return http.StatusForbidden
	case errors.Is(err, errMethod):
		return http.StatusMethodNotAllowed
	case errors.Is(err, errNoIngest):
		return http.StatusServiceUnavailable
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout
	case errors.Is(err, context.Canceled):
		// The client went away; nobody reads this, but the log shows it.
		return 499
	default:
		return http.StatusInternalServerError
	}
}

// publicMessage is what a client may read about err: the whole chain for
// client errors (it names their mistake), a fixed phrase for server errors
// (the chain may hold paths or SQL).
func publicMessage(err error, code int) string {
	if code >= 500 || code == 499 {
		return http.StatusText(code)
	}
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return "request body too large: the limit is " + strconv.FormatInt(tooLarge.Limit, 10) + " bytes"
	}
	switch {
	case errors.Is(err, errWritesOff):
		return errWritesOff.Error()
	case errors.Is(err, errUnauthorized):
		return errUnauthorized.Error()
	}
	return err.Error()
}
