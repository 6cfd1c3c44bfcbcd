package main

import (
	"encoding/json"
	"log"
	"os"

	"example.com/legacy-bridge/bridge"
)

func main() {
	rest := bridge.NewREST(os.Getenv("XENTRAL_HOST"), os.Getenv("XENTRAL_USER"), os.Getenv("XENTRAL_PASSWORD"))
	var feed []struct {
		Number string         `json:"number"`
		Order  map[string]any `json:"order"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&feed); err != nil {
		log.Fatal(err)
	}
	for _, o := range feed {
		if err := rest.ImportOrder(o.Number, o.Order); err != nil {
			log.Print(err)
		}
	}
	if os.Getenv("XENTRAL_API_KEY") != "" {
		std := bridge.NewStandard(os.Getenv("XENTRAL_HOST"), 1, os.Getenv("XENTRAL_API_KEY"))
		if _, err := std.ArticleList(); err != nil {
			log.Print(err)
		}
	}
}
