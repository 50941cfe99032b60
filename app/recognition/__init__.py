"""Reading scanned ballots: find the sheet's code, align the page to its template, score each mark box."""
