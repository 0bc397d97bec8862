use super::*;

// The queue filters like CIM's request reports: who raised a request, which officer
// completed it, newest or oldest first.
both!(
    queue_filters_by_requester_completer_and_order,
    |backend| async move {
        let portal = TestPortal::start(backend).await;
        let rachel = portal.signed_in("ra.manager").await;
        let sam = portal.signed_in("ra.agent").await;
        let tom = portal.signed_in("manager.meadowbank").await;
        let priya = portal.signed_in("manager.group").await;
        rachel.allow_domain("meadowbank-care.org.uk", "VMB01").await;
        rachel.allow_domain("canterbury-care.org.uk", "VNC01").await;
        let mut ids = Vec::new();
        for (who, name, email, org) in [
            (&tom, "Ann Ames", "ann@meadowbank-care.org.uk", "VMB01"),
            (&priya, "Bo Bell", "bo@canterbury-care.org.uk", "VNC01"),
            (&tom, "Cy Cole", "cy@meadowbank-care.org.uk", "VMB01"),
        ] {
            let (code, body) = who
                .call("registration/raise", &request_fields(name, email, org))
                .await;
            assert_eq!(code, 200, "{body}");
            ids.push(body.as_str().unwrap().to_owned());
        }
        let (a, b, c) = (ids[0].clone(), ids[1].clone(), ids[2].clone());
        for fields in [
            vec![("action", "start_review")],
            vec![("action", "reject"), ("reason", "Not staff")],
        ] {
            assert_eq!(step(&sam, &a, &fields).await.0, 200);
        }
        for fields in [
            vec![("action", "start_review")],
            vec![("action", "approve")],
        ] {
            assert_eq!(step(&rachel, &c, &fields).await.0, 200);
        }

        assert_eq!(
            queue_ids(&rachel, &[("requested_by", "tom")]).await,
            [c.as_str(), a.as_str()]
        );
        assert_eq!(
            queue_ids(&rachel, &[("requested_by", "Tom Bell"), ("sort", "oldest")]).await,
            [a.as_str(), c.as_str()]
        );
        assert_eq!(
            queue_ids(&rachel, &[("requested_by", "PRIYA")]).await,
            [b.as_str()]
        );
        assert_eq!(
            queue_ids(&rachel, &[("completed_by", "okafor")]).await,
            [a.as_str()]
        );
        assert!(
            queue_ids(&rachel, &[("completed_by", "Rachel")])
                .await
                .is_empty(),
            "approving does not complete a request"
        );
        assert!(
            queue_ids(&rachel, &[("requested_by", "nobody")])
                .await
                .is_empty()
        );
        assert!(
            queue_ids(&rachel, &[("requested_by", "%")])
                .await
                .is_empty(),
            "wildcards are taken literally"
        );
        assert_eq!(
            queue_ids(&rachel, &[("sort", "oldest")]).await,
            [a.as_str(), b.as_str(), c.as_str()]
        );
        let (code, body) = rachel
            .call("registration/list", &[("sort", "sideways")])
            .await;
        assert_eq!(code, 422, "{body}");
        // Keyset pages follow the order chosen, ties (one bulk upload) included.
        let mut csv = String::from("full_name,email,job_role,ods_code,phone,phone_kind\n");
        for i in 0..60 {
            csv.push_str(&format!(
                "Carer {i},carer{i}@meadowbank-care.org.uk,Carer,VMB01,0770090{i:04},personal\n"
            ));
        }
        let (_, location) = tom
            .upload("/requests/bulk/upload", "staff.csv", csv.into_bytes())
            .await;
        let import = location.strip_prefix("/requests/bulk/").unwrap().to_owned();
        assert_eq!(
            tom.call("registration/bulk/commit", &[("id", &import)])
                .await
                .0,
            200
        );
        for sort in ["oldest", "newest"] {
            let mut seen = Vec::new();
            let mut after = String::new();
            for pages in 1.. {
                // Two pages hold 63 requests; a cursor that repeats rows never ends.
                assert!(pages <= 3, "{sort}: the pages do not end");
                let (_, page) = rachel
                    .call("registration/list", &[("sort", sort), ("after", &after)])
                    .await;
                for r in page["requests"].as_array().unwrap() {
                    seen.push(r["id"].as_str().unwrap().to_owned());
                }
                match page["next"].as_str() {
                    Some(next) => after = next.to_owned(),
                    None => break,
                }
            }
            assert_eq!(seen.len(), 63, "{sort}: every request once");
            let unique: std::collections::HashSet<&String> = seen.iter().collect();
            assert_eq!(unique.len(), 63, "{sort}: no repeats across pages");
            // Ann's request was raised first of all.
            let ann_at = if sort == "oldest" { 0 } else { 62 };
            assert_eq!(seen[ann_at], a, "{sort}");
        }
    }
);

// The queue's dates are the service manual's day, month and year boxes, each end a whole
// UTC day included; a bad date is told on its own box.
both!(
    queue_filters_by_days_requested_with_each_end_included,
    |backend| async move {
        use chrono::{TimeZone, Utc};

        let portal = TestPortal::start(backend).await;
        let rachel = portal.signed_in("ra.manager").await;
        let at = |d: u32, h: u32, m: u32| Utc.with_ymd_and_hms(2026, 11, d, h, m, 0).unwrap();
        let mut ids = Vec::new();
        // The last minute before 1 November, its first minute, the 15th, the last minute
        // of the 30th and the first of December.
        for t in [
            Utc.with_ymd_and_hms(2026, 10, 31, 23, 59, 0).unwrap(),
            at(1, 0, 0),
            at(15, 12, 0),
            at(30, 23, 59),
            Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
        ] {
            let id = portal.request("VMB01").raised_at(t).create().await;
            ids.push(id.to_string());
        }
        let november = [
            ("org", "VMB01"),
            ("from_day", "1"),
            ("from_month", "11"),
            ("from_year", "2026"),
            ("to_day", "30"),
            ("to_month", "11"),
            ("to_year", " 2026 "),
            ("sort", "oldest"),
        ];
        assert_eq!(queue_ids(&rachel, &november).await, ids[1..4].to_vec());
        // One end only.
        assert_eq!(
            queue_ids(
                &rachel,
                &[
                    ("org", "VMB01"),
                    ("from_day", "15"),
                    ("from_month", "11"),
                    ("from_year", "2026"),
                    ("sort", "oldest")
                ]
            )
            .await,
            ids[2..].to_vec()
        );
        let (code, body) = rachel
            .call(
                "registration/list",
                &[("to_day", "31"), ("to_month", "11"), ("to_year", "2026")],
            )
            .await;
        assert_eq!(code, 422, "{body}");
        assert_eq!(body["Invalid"][0]["field"], "to");
        assert_eq!(
            body["Invalid"][0]["message"],
            "End date must be a real date"
        );
    }
);
