//go:build ignore

// xlsxcount counts the outcome column (#resultado) of every sheet of an XLSX report.
package main

import (
	"fmt"
	"os"

	"github.com/xuri/excelize/v2"
)

func main() {
	f, err := excelize.OpenFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	total := map[string]int{}
	for _, sh := range f.GetSheetList() {
		if sh == "Resumo" {
			continue
		}
		rows, err := f.Rows(sh)
		if err != nil {
			panic(err)
		}
		col := -1
		n := 0
		for rows.Next() {
			r, _ := rows.Columns()
			if col < 0 {
				for i, c := range r {
					if c == "#resultado" {
						col = i
					}
				}
				continue
			}
			n++
			if col < len(r) {
				total[r[col]]++
			}
		}
		fmt.Println(sh, n)
	}
	fmt.Println(total)
}
