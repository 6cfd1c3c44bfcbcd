// Package xentral is a small client for the Xentral API (personal access token).
package xentral

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Client talks to the v1 API of one instance. Paths given to call are relative to /api/v1.
type Client struct {
	baseURL string
	token   string
	http    *http.Client
}

// New returns a client for host (e.g. "https://acme.xentral.biz").
func New(host, token string) *Client {
	return &Client{
		baseURL: strings.TrimRight(host, "/") + "/api/v1",
		token:   token,
		http:    &http.Client{Timeout: 30 * time.Second},
	}
}

func (c *Client) call(ctx context.Context, method, path string, body, out any) error {
	var reader io.Reader
	if body != nil {
		buf, err := json.Marshal(body)
		if err != nil {
			return err
		}
		reader = bytes.NewReader(buf)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.baseURL+path, reader)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	started := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	log.Printf("xentral %s %s: %d in %s", method, path, resp.StatusCode, time.Since(started))
	if resp.StatusCode >= 300 {
		b, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("xentral %s %s: %d %s", method, path, resp.StatusCode, b)
	}
	if out == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

type Product struct {
	ID     string `json:"id"`
	Number string `json:"number"`
	Name   string `json:"name"`
}

type page[T any] struct {
	Data []T `json:"data"`
}

// Products lists one page of products.
func (c *Client) Products(ctx context.Context, number, size int) ([]Product, error) {
	q := url.Values{}
	q.Set("page[number]", fmt.Sprint(number))
	q.Set("page[size]", fmt.Sprint(size))
	var p page[Product]
	err := c.call(ctx, http.MethodGet, "/products?"+q.Encode(), nil, &p)
	return p.Data, err
}

// Product reads one product.
func (c *Client) Product(ctx context.Context, id string) (*Product, error) {
	var out struct{ Data Product }
	if err := c.call(ctx, http.MethodGet, "/products/"+url.PathEscape(id), nil, &out); err != nil {
		return nil, err
	}
	return &out.Data, nil
}

// UpdateProduct changes the given fields.
func (c *Client) UpdateProduct(ctx context.Context, id string, fields map[string]any) error {
	return c.call(ctx, http.MethodPatch, fmt.Sprintf("/products/%s", id), fields, nil)
}

// ImportSalesOrder creates an order from a shop order.
func (c *Client) ImportSalesOrder(ctx context.Context, order any) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	if err := c.call(ctx, "POST", "/salesOrders/actions/import", order, &out); err != nil {
		return "", fmt.Errorf("xentral: POST /api/v1/salesOrders/actions/import: %w", err)
	}
	return out.ID, nil
}

// Dispatch marks an order as dispatched.
func (c *Client) Dispatch(ctx context.Context, orderID string) error {
	return c.call(ctx, http.MethodPost, fmt.Sprintf("/salesOrders/%s/actions/dispatch", orderID), nil, nil)
}

// DocumentKind selects the document resource.
type DocumentKind int

const (
	Invoice DocumentKind = iota
	CreditNote
)

// DocumentFiles lists the documents (PDFs) attached to an invoice or credit note.
func (c *Client) DocumentFiles(ctx context.Context, kind DocumentKind, id string) (json.RawMessage, error) {
	var segment string
	switch kind {
	case Invoice:
		segment = "invoices"
	case CreditNote:
		segment = "creditNotes"
	default:
		return nil, fmt.Errorf("unknown document kind %d", kind)
	}
	var out json.RawMessage
	err := c.call(ctx, http.MethodGet, "/"+segment+"/"+id+"/documents", nil, &out)
	return out, err
}

// Warehouses lists the warehouses; it does not go through call because the answer is cached by ETag.
func (c *Client) Warehouses(ctx context.Context, etag string) (*http.Response, error) {
	req, err := http.NewRequest("GET", c.baseURL+"/warehouses", nil)
	if err != nil {
		return nil, err
	}
	req = req.WithContext(ctx)
	req.Header.Set("Authorization", "Bearer "+c.token)
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	return c.http.Do(req)
}

// DeleteWebhook removes a webhook registration.
func (c *Client) DeleteWebhook(ctx context.Context, id string) error {
	return c.call(ctx, http.MethodDelete, "/webhooks/"+id, nil, nil)
}

// Webhooks lists webhook registrations.
func (c *Client) Webhooks(ctx context.Context) (json.RawMessage, error) {
	var out json.RawMessage
	return out, c.call(ctx, http.MethodGet, "/webhooks", nil, &out)
}
