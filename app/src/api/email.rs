//! The envelope of every email the portal sends: plain text and NHS-styled HTML,
//! written to the outbox in the transaction of the change it reports. The words are each
//! feature's own (`<feature>/emails.rs`). No email carries a secret except, for the
//! person being registered, their own one-time link.

use chrono::Utc;
use ra_db::{
    DbResult, Tx,
    repo::outbox::{self, NewMail},
};

pub struct Mail {
    pub to: String,
    pub subject: String,
    /// Paragraphs of plain text; the HTML version is built from the same words.
    pub paragraphs: Vec<String>,
    /// An optional button: (text, absolute URL).
    pub link: Option<(String, String)>,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Mail {
    pub fn text(&self) -> String {
        let mut out = self.paragraphs.join("\n\n");
        if let Some((label, url)) = &self.link {
            out.push_str(&format!("\n\n{label}: {url}"));
        }
        out.push_str("\n\n-- \nRA Portal, for NHS CIS2 Registration Authorities\n");
        out
    }

    pub fn html(&self) -> String {
        let paras: String = self
            .paragraphs
            .iter()
            .map(|p| format!("<p style=\"margin:0 0 16px\">{}</p>", escape(p)))
            .collect();
        let button = self
            .link
            .as_ref()
            .map(|(label, url)| {
                format!(
                    "<p style=\"margin:24px 0\"><a href=\"{}\" style=\"background:#007f3b;color:#ffffff;\
                     padding:12px 16px;text-decoration:none;font-weight:bold;border-radius:4px\">{}</a></p>",
                    escape(url),
                    escape(label)
                )
            })
            .unwrap_or_default();
        format!(
            "<!DOCTYPE html><html lang=\"en\"><body style=\"margin:0;font-family:Arial,sans-serif;\
             color:#212b32;background:#f0f4f5\"><div style=\"background:#005eb8;color:#ffffff;padding:16px 24px;\
             font-size:20px;font-weight:bold\">RA Portal</div><div style=\"background:#ffffff;padding:24px;\
             max-width:640px\">{paras}{button}</div><p style=\"padding:0 24px;font-size:14px;color:#4c6272\">\
             RA Portal, for NHS CIS2 Registration Authorities</p></body></html>"
        )
    }

    pub async fn enqueue(&self, tx: &mut Tx) -> DbResult<()> {
        outbox::enqueue(
            tx,
            &NewMail {
                to: &self.to,
                subject: &self.subject,
                text: &self.text(),
                html: &self.html(),
            },
            Utc::now(),
        )
        .await
        .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_what_people_typed() {
        let m = Mail {
            to: "a@b.org".into(),
            subject: "s".into(),
            paragraphs: vec!["Amira <script> & co".into()],
            link: Some(("Open".into(), "https://x/?a=1&b=2".into())),
        };
        assert!(m.html().contains("Amira &lt;script&gt; &amp; co"));
        assert!(m.html().contains("https://x/?a=1&amp;b=2"));
        assert!(m.text().contains("Open: https://x/?a=1&b=2"));
    }
}
