//! The overview's date range: the figures count only the requests raised in it, the CSV
//! export applies it too, and a bad date is told on its day box, never a 500.

use super::*;

/// `days` days before today, as the date input's three boxes.
fn boxes(days: i64) -> [String; 3] {
    let d = (Utc::now() - Duration::days(days)).date_naive();
    [
        d.format("%-d").to_string(),
        d.format("%-m").to_string(),
        d.format("%Y").to_string(),
    ]
}

fn range(from: i64, to: i64) -> Vec<(&'static str, String)> {
    let [fd, fm, fy] = boxes(from);
    let [td, tm, ty] = boxes(to);
    vec![
        ("from_day", fd),
        ("from_month", fm),
        ("from_year", fy),
        ("to_day", td),
        ("to_month", tm),
        ("to_year", ty),
    ]
}

both!(
    a_date_range_counts_only_the_requests_raised_in_it,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;
        insert(&portal, "VMB01", &MEADOWBANK).await;
        // From 22 days ago to 5 days ago: a (10 days ago, enrolled on a personal phone 7
        // days later) and c (20 days ago, enrolled after 5 days, device since removed).
        // Each end is a whole day away from a request, whatever the hour.
        let mut fields = range(22, 5);
        fields.push(("q", "VMB01".into()));
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (code, page) = sam.call("adoption/overview", &pairs).await;
        assert_eq!(code, 200, "{page}");
        let f = without_last_activity(page["rows"][0]["figures"].clone());
        assert_eq!(
            f,
            json!({
                "headcount": 10,
                "partial_headcount": false,
                "requested": 2,
                "registered": 1,
                "in_progress": 0,
                "open_by_stage": [0, 0, 0, 0],
                "not_started": null,
                "percent_registered": null,
                "median_days": 5,
                "p90_days": 7,
                "stale": 0,
                "rejected": 0,
                "personal_phones": 1,
                "business_phones": 0,
                "projection": "Unknown",
                "dated": true,
            })
        );
        assert_eq!(page["total"]["requested"], 2);
        let from = (Utc::now() - Duration::days(22)).date_naive();
        assert!(
            page["dates"].as_str().unwrap().starts_with(&format!(
                "requests raised from {}",
                from.format("%-d %B %Y")
            )),
            "{page}"
        );
        // Without a range, every request counts, as before.
        let (_, all) = sam.call("adoption/overview", &[("q", "VMB01")]).await;
        assert_eq!(all["rows"][0]["figures"]["requested"], 6);
        assert_eq!(all["rows"][0]["figures"]["dated"], false);
        assert_eq!(all["dates"], Value::Null);
        // Only an end: everything raised up to 15 days ago (b, c, d, f and A's cancelled
        // one: five people).
        let [td, tm, ty] = boxes(15);
        let (_, upto) = sam
            .call(
                "adoption/overview",
                &[
                    ("q", "VMB01"),
                    ("to_day", &td),
                    ("to_month", &tm),
                    ("to_year", &ty),
                ],
            )
            .await;
        assert_eq!(upto["rows"][0]["figures"]["requested"], 5, "{upto}");

        // The CSV export reads the same query string.
        let query: Vec<String> = fields.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let res = sam
            .get_raw(&sam.url(&format!("/api/adoption/export.csv?{}", query.join("&"))))
            .await;
        assert_eq!(res.status().as_u16(), 200);
        let csv = res.text().await.unwrap();
        let line = csv.lines().find(|l| l.starts_with("VMB01,")).expect(&csv);
        assert!(
            line.contains(",no,no,10,2,1,0,0,0,0,0,,,5,7,0,0,1,0,") && line.ends_with(','),
            "{line}"
        );
    }
);

both!(
    a_bad_date_is_told_on_its_day_box_never_a_500,
    |backend: Backend| async move {
        let portal = TestPortal::start(backend).await;
        let sam = portal.signed_in("ra.agent").await;
        let (code, body) = sam
            .call(
                "adoption/overview",
                &[
                    ("from_day", "31"),
                    ("from_month", "2"),
                    ("from_year", "2026"),
                    ("to_month", "3"),
                ],
            )
            .await;
        assert_eq!(code, 422, "{body}");
        assert_eq!(
            body,
            json!({ "Invalid": [
                { "field": "from", "message": "Start date must be a real date" },
                { "field": "to", "message": "End date must include a day and year" },
            ] })
        );
        // The page says so above its form, the summary linking to the day box.
        for path in [
            "/adoption?from_day=31&from_month=2&from_year=2026",
            "/requests?from_day=31&from_month=2&from_year=2026",
        ] {
            let res = sam.get_raw(&sam.url(path)).await;
            assert_eq!(res.status().as_u16(), 422, "{path}");
            let html = res.text().await.unwrap();
            for needle in [
                "There is a problem",
                r##"href="#from""##,
                "Start date must be a real date",
                r#"id="from-error""#,
                r#"name="from_day""#,
                r#"value="31""#,
            ] {
                assert!(html.contains(needle), "{path}: {needle} not in the page");
            }
        }
        let (code, body) = sam
            .call(
                "adoption/overview",
                &[
                    ("from_day", "2"),
                    ("from_month", "11"),
                    ("from_year", "2026"),
                    ("to_day", "1"),
                    ("to_month", "11"),
                    ("to_year", "2026"),
                ],
            )
            .await;
        assert_eq!(code, 422);
        assert!(
            body.to_string()
                .contains("End date must be the same as or after the start date")
        );
        let res = sam
            .get_raw(&sam.url("/api/adoption/export.csv?from_day=x&from_month=1&from_year=2026"))
            .await;
        assert_eq!(res.status().as_u16(), 422, "the export refuses it too");
    }
);
