package bridge

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Standard is the hash-authenticated Standard API of very old instances (before 22.1).
type Standard struct {
	host  string
	apiID int
	key   string
}

func NewStandard(host string, apiID int, key string) *Standard {
	return &Standard{host: strings.TrimRight(host, "/"), apiID: apiID, key: key}
}

func (s *Standard) hash() string {
	sum := sha1.Sum([]byte(s.key + time.Now().Format("20060102")))
	return hex.EncodeToString(sum[:])
}

// ArticleList returns the raw XML answer of ArtikelList.
func (s *Standard) ArticleList() (string, error) {
	resp, err := http.Get(fmt.Sprintf("%s/index.php?module=api&action=%s&hash=%s&api_id=%d", s.host, "ArtikelList", s.hash(), s.apiID))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return string(b), err
}

// CreateOrder sends an AuftragCreate request with the XML payload.
func (s *Standard) CreateOrder(xml string) error {
	target := s.host + "/index.php?module=api&action=AuftragCreate&hash=" + s.hash() + "&api_id=" + fmt.Sprint(s.apiID)
	resp, err := http.PostForm(target, url.Values{"xml": {xml}})
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Release releases an order (AuftragFreigabe).
func (s *Standard) Release(orderID int) error {
	form := url.Values{"xml": {fmt.Sprintf("<xml><id>%d</id></xml>", orderID)}}
	resp, err := http.Post(
		s.host+"/index.php?module=api&action=AuftragFreigabe&hash="+s.hash()+"&api_id="+fmt.Sprint(s.apiID),
		"application/x-www-form-urlencoded",
		strings.NewReader(form.Encode()),
	)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
