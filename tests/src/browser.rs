//! A browser stand-in: keeps cookies, follows redirects one hop at a time so a test can
//! stop at (and tamper with) the redirect back from CIS2, and submits the sandbox's forms.

use std::sync::Arc;

use reqwest::{
    StatusCode,
    cookie::{CookieStore, Jar},
    redirect::Policy,
};
use url::Url;

#[derive(Clone)]
pub struct Browser {
    client: reqwest::Client,
    jar: Arc<Jar>,
    portal: String,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub url: Url,
    pub status: StatusCode,
    pub body: String,
}

impl Page {
    pub fn path(&self) -> &str {
        self.url.path()
    }

    /// The `action` of the first form posting to a URL that contains `needle`.
    pub fn form_action(&self, needle: &str) -> String {
        self.body
            .split("action=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .map(|a| a.replace("&amp;", "&"))
            .find(|a| a.contains(needle))
            .map(|a| self.url.join(&a).map(|u| u.to_string()).unwrap_or(a))
            .unwrap_or_else(|| {
                panic!(
                    "no form posting to {needle} on {}:\n{}",
                    self.url, self.body
                )
            })
    }

    pub fn has_text(&self, text: &str) -> bool {
        self.body.contains(text)
    }
}

/// Where following redirects stopped.
pub enum Hop {
    Page(Page),
    /// The redirect back to the portal's callback, not yet followed.
    Callback(Url),
}

impl Browser {
    pub fn new(portal: &str) -> Self {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(Policy::none())
            // A hang becomes a failure with a message, not a stuck test run.
            .timeout(std::time::Duration::from_secs(60))
            // The sandbox (Node) closes idle connections after 5 s; a real browser retries a
            // request that meets such a close, this one gives the connection up first.
            .pool_idle_timeout(std::time::Duration::from_secs(1))
            .build()
            .unwrap();
        Self {
            client,
            jar,
            portal: portal.to_owned(),
        }
    }

    /// The value of the portal's cookie `name`, as this browser would send it.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let url = Url::parse(&self.portal).ok()?;
        let header = self.jar.cookies(&url)?;
        header
            .to_str()
            .ok()?
            .split("; ")
            .filter_map(|c| c.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
    }

    pub async fn get(&self, url: &str) -> Page {
        match self
            .follow(self.client.get(url).send().await.unwrap(), false)
            .await
        {
            Hop::Page(p) => p,
            Hop::Callback(_) => unreachable!("follow(stop=false) never stops at the callback"),
        }
    }

    /// The first response, without following any redirect.
    pub async fn get_raw(&self, url: &str) -> reqwest::Response {
        self.client.get(url).send().await.unwrap()
    }

    pub async fn post_form(
        &self,
        url: &str,
        fields: &[(&str, &str)],
        stop_at_callback: bool,
    ) -> Hop {
        let res = self
            .client
            .post(url)
            .header("origin", origin_of(url))
            .form(fields)
            .send()
            .await
            .unwrap();
        self.follow(res, stop_at_callback).await
    }

    /// POST to the portal with its own Origin, as a form in the portal's page would.
    pub async fn post_portal(&self, path: &str) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.portal))
            .header("origin", &self.portal)
            .form(&[("x", "1")])
            .send()
            .await
            .unwrap()
    }

    /// POSTs `body` as `content_type` to a portal path, from the portal's own origin;
    /// returns the status and the answer's text, or 0 and why there was no answer.
    /// A server that refuses a large body without reading it closes the connection after
    /// answering; like a browser, the request is sent once more if a reused connection
    /// turns out closed.
    pub async fn post_bytes(&self, path: &str, content_type: &str, body: Vec<u8>) -> (u16, String) {
        let mut last = String::new();
        for _ in 0..2 {
            let res = self
                .client
                .post(format!("{}{path}", self.portal))
                .header("origin", &self.portal)
                .header("accept", "application/json")
                .header("content-type", content_type)
                .body(body.clone())
                .send()
                .await;
            match res {
                Ok(res) => return (res.status().as_u16(), res.text().await.unwrap_or_default()),
                Err(e) => last = format!("{e} ({:?})", std::error::Error::source(&e)),
            }
        }
        (0, last)
    }

    /// Calls a server function (`/api/<endpoint>`) as the page's forms do; returns the
    /// status and the JSON answer (a value, or the `AppError`).
    pub async fn call(&self, endpoint: &str, fields: &[(&str, &str)]) -> (u16, serde_json::Value) {
        let res = self
            .client
            .post(format!("{}/api/{endpoint}", self.portal))
            .header("origin", &self.portal)
            .header("accept", "application/json")
            .form(fields)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text));
        (status, json)
    }

    /// POSTs `fields` to a server function as the plain form on page `referer` does
    /// before (or without) the page's script: accepting HTML. Returns the status and the
    /// redirect's target.
    pub async fn post_plain(
        &self,
        endpoint: &str,
        referer: &str,
        fields: &[(&str, &str)],
    ) -> (u16, String) {
        let res = self
            .client
            .post(format!("{}/api/{endpoint}", self.portal))
            .header("origin", &self.portal)
            .header("referer", referer)
            .header("accept", "text/html,application/xhtml+xml")
            .form(fields)
            .send()
            .await
            .unwrap();
        redirected(&res)
    }

    /// An RA officer puts `domain` on the allow list as active, for organisation `org`.
    pub async fn allow_domain(&self, domain: &str, org: &str) {
        let (code, body) = self
            .call(
                "allow-list/add",
                &[
                    ("domain", domain),
                    ("ods_code", org),
                    ("note", ""),
                    ("initial", "active"),
                ],
            )
            .await;
        assert_eq!(code, 200, "{body}");
    }

    /// Uploads a file as the plain import form does; returns the redirect's target.
    pub async fn upload(&self, path: &str, file_name: &str, bytes: Vec<u8>) -> (u16, String) {
        let res = self.send_file(path, file_name, bytes, false).await;
        redirected(&res)
    }

    /// Uploads a file as the hydrated form's script does (it shows progress): the answer
    /// is the next page's path as text, not a redirect.
    pub async fn upload_by_script(
        &self,
        path: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> (u16, String) {
        let res = self.send_file(path, file_name, bytes, true).await;
        (res.status().as_u16(), res.text().await.unwrap())
    }

    async fn send_file(
        &self,
        path: &str,
        file_name: &str,
        bytes: Vec<u8>,
        by_script: bool,
    ) -> reqwest::Response {
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(file_name.to_owned())
            .mime_str("text/csv")
            .unwrap();
        let mut req = self
            .client
            .post(format!("{}{path}", self.portal))
            .header("origin", &self.portal);
        if by_script {
            req = req.header("x-ra-upload", "1");
        }
        req.multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .unwrap()
    }

    /// The same browser (its cookies, so its provider session) on another portal.
    pub fn on(&self, portal: &str) -> Browser {
        Browser {
            client: self.client.clone(),
            jar: self.jar.clone(),
            portal: portal.to_owned(),
        }
    }

    /// `path` on this browser's portal.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.portal)
    }

    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    async fn follow(&self, mut res: reqwest::Response, stop_at_callback: bool) -> Hop {
        for _ in 0..20 {
            if !res.status().is_redirection() {
                let url = res.url().clone();
                let status = res.status();
                let body = res.text().await.unwrap();
                return Hop::Page(Page { url, status, body });
            }
            let location = res.headers()["location"].to_str().unwrap().to_owned();
            let next = res.url().join(&location).unwrap();
            if stop_at_callback
                && next
                    .as_str()
                    .starts_with(&format!("{}/auth/callback", self.portal))
            {
                return Hop::Callback(next);
            }
            res = self.client.get(next).send().await.unwrap();
        }
        panic!("redirect loop");
    }

    /// Starts sign-in at the portal and returns the sandbox's "choose a demo user" page.
    pub async fn open_sign_in(&self) -> Page {
        let page = self.get(&format!("{}/auth/login", self.portal)).await;
        assert!(
            page.has_text("choose a demo user"),
            "expected the sandbox login page, got {}",
            page.url
        );
        page
    }

    /// Starts sign-in while the provider still has a session for this browser: it answers
    /// without asking, and this stops at the redirect back to the portal.
    pub async fn start_sign_in_with_sso(&self) -> Url {
        let res = self
            .client
            .get(format!("{}/auth/login", self.portal))
            .send()
            .await
            .unwrap();
        match self.follow(res, true).await {
            Hop::Callback(url) => url,
            Hop::Page(p) => panic!("expected single sign-on, got {}", p.url),
        }
    }

    /// Chooses `user` (and `roleid`, if the sandbox asks for a role) and stops at the
    /// redirect back to the portal.
    pub async fn choose_user(&self, user: &str, roleid: Option<&str>) -> Url {
        let page = self.open_sign_in().await;
        let action = page.form_action("/login");
        match self.post_form(&action, &[("user", user)], true).await {
            Hop::Callback(url) => url,
            Hop::Page(role_page) => {
                let action = role_page.form_action("/role");
                let roleid = roleid
                    .unwrap_or_else(|| panic!("{user} must choose a role:\n{}", role_page.body));
                match self.post_form(&action, &[("roleid", roleid)], true).await {
                    Hop::Callback(url) => url,
                    Hop::Page(p) => panic!(
                        "expected the redirect back to the portal, got {} {}",
                        p.status, p.url
                    ),
                }
            }
        }
    }

    /// The whole sign-in: returns the page the portal lands the person on.
    pub async fn sign_in(&self, user: &str, roleid: Option<&str>) -> Page {
        let callback = self.choose_user(user, roleid).await;
        self.get(callback.as_str()).await
    }
}

fn origin_of(url: &str) -> String {
    Url::parse(url)
        .map(|u| u.origin().ascii_serialization())
        .unwrap_or_default()
}

/// A response's status and the target of its redirect (empty when it has none).
fn redirected(res: &reqwest::Response) -> (u16, String) {
    let location = res
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (res.status().as_u16(), location)
}
