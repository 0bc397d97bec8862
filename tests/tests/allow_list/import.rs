use super::*;

// CSV import: a preview with per-row verdicts, then all rows or none.
both!(
    csv_import_is_all_or_nothing,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let officer = portal.signed_in("ra.agent").await;

        // Files that are not usable CSV go back to the form with a reason.
        let cases: [(&[u8], &str); 4] = [
            (b"\x89PNG\r\n\x1a\n\0\0", "not_csv"),
            (
                b"domain,ods_code,covers_subdomains\ncaf\xe9.org.uk,RX1,no\n",
                "not_utf8",
            ),
            (b"name,email\nx,y\n", "missing_columns"),
            (b"", "no_file"),
        ];
        for (bytes, code) in cases {
            let (status, location) = officer
                .upload("/allow-list/import/upload", "x.csv", bytes.to_vec())
                .await;
            assert_eq!(status, 303);
            assert_eq!(location, format!("/allow-list/import?error={code}"));
        }
        let big = vec![b'a'; 5 * 1024 * 1024 + 10];
        let (_, location) = officer
            .upload("/allow-list/import/upload", "big.csv", big)
            .await;
        assert_eq!(location, "/allow-list/import?error=too_big");
        let page = officer
            .get(&portal.url("/allow-list/import?error=too_big"))
            .await;
        assert!(page.has_text("larger than 5 MB"), "{}", page.body);

        // One bad row: the preview says which, and the commit adds nothing.
        let mut rows: Vec<String> = (0..30).map(|i| format!("home{i:02}.care.org.uk")).collect();
        rows.push("co.uk".into());
        rows.push("home01.care.org.uk".into());
        let bad = upload_ok(&officer, import_csv(rows.into_iter())).await;
        let (code, preview) = officer
            .call("allow-list/import/preview", &[("id", &bad)])
            .await;
        assert_eq!(code, 200, "{preview}");
        assert_eq!(preview["new_count"], 30);
        let verdicts: Vec<&str> = preview["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["verdict"].as_str().unwrap())
            .collect();
        assert_eq!(&verdicts[29..], ["New", "Invalid", "Repeated in file"]);
        let (code, body) = officer
            .call("allow-list/import/commit", &[("id", &bad)])
            .await;
        assert_eq!(code, 409, "{body}");
        assert!(
            body["Conflict"].as_str().unwrap().contains("line 32"),
            "{body}"
        );
        let (_, list) = officer.call("allow-list/list", &[]).await;
        assert_eq!(list["entries"].as_array().unwrap().len(), 0);

        // A clean file commits every row once; a second commit is refused.
        let good = upload_ok(
            &officer,
            import_csv((0..120).map(|i| format!("home{i:03}.care.org.uk"))),
        )
        .await;
        // Only the officer who uploaded a file previews or sends it; managers neither.
        let other = portal.signed_in("ra.manager").await;
        let manager = portal.signed_in("manager.meadowbank").await;
        for (who, b, status) in [("other officer", &other, 404), ("manager", &manager, 403)] {
            for f in ["allow-list/import/preview", "allow-list/import/commit"] {
                assert_eq!(b.call(f, &[("id", &good)]).await.0, status, "{who} {f}");
            }
        }
        let (code, body) = officer
            .call("allow-list/import/commit", &[("id", &good)])
            .await;
        assert_eq!(code, 200, "{body}");
        assert_eq!(body, 120);
        assert_eq!(
            officer
                .call("allow-list/import/commit", &[("id", &good)])
                .await
                .0,
            409
        );

        // Keyset pages: 50 + 50 + 20, in order, no repeats.
        let mut seen = Vec::new();
        let mut after = String::new();
        let mut pages = 0;
        loop {
            let (code, page) = officer
                .call("allow-list/list", &[("after", &after), ("q", "care.org")])
                .await;
            assert_eq!(code, 200, "{page}");
            pages += 1;
            for e in page["entries"].as_array().unwrap() {
                seen.push(e["domain"].as_str().unwrap().to_owned());
            }
            match page["next"].as_str() {
                Some(c) => after = c.to_owned(),
                None => break,
            }
        }
        assert_eq!(pages, 3);
        let mut sorted = seen.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(seen, sorted);
        assert_eq!(seen.len(), 120);
        // Descending order and filters by organisation and status.
        let (_, desc) = officer
            .call("allow-list/list", &[("sort", "domain_desc")])
            .await;
        assert_eq!(desc["entries"][0]["domain"], "home119.care.org.uk");
        let (_, none) = officer.call("allow-list/list", &[("org", "VMB01")]).await;
        assert_eq!(none["entries"].as_array().unwrap().len(), 0);
        let (_, by_name) = officer
            .call("allow-list/list", &[("q", "canterbury care")])
            .await;
        assert_eq!(by_name["entries"].as_array().unwrap().len(), 50);

        // Export: the filtered list, every row, as CSV.
        let res = officer
            .get_raw(&portal.url("/api/allow-list/export.csv?q=home11"))
            .await;
        assert_eq!(res.status(), 200);
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let text = res.text().await.unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 11, "{text}");
        assert!(lines[0].starts_with("domain,domain_unicode,ods_code,organisation"));
        assert!(lines[1].starts_with(
            "home110.care.org.uk,home110.care.org.uk,VNC01,Canterbury Care Homes,no,active"
        ));
        let all = officer
            .get_raw(&portal.url("/api/allow-list/export.csv"))
            .await
            .text()
            .await
            .unwrap();
        assert_eq!(all.lines().count(), 121);

        let imported = portal
            .count("SELECT COUNT(*) FROM audit_events WHERE action = 'allow_list.imported'")
            .await;
        assert_eq!(imported, 120);
    }
);
