//! The relying-party client: discovery, the authorization URL, code exchange and checks.

use std::sync::Arc;

use openidconnect::{
    AccessToken, AuthType, AuthenticationContextClass, AuthorizationCode, ClaimsVerificationError,
    Client, ClientId, ClientSecret, CsrfToken, EmptyExtraTokenFields, EndpointMaybeSet,
    EndpointNotSet, EndpointSet, IdTokenFields, IssuerUrl, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, ProviderMetadataWithLogout, RedirectUrl,
    RequestTokenError, Scope, SignatureVerificationError, StandardErrorResponse,
    StandardTokenResponse, TokenResponse, UserInfoError,
    core::{
        CoreAuthDisplay, CoreAuthPrompt, CoreAuthenticationFlow, CoreErrorResponseType,
        CoreGenderClaim, CoreJsonWebKey, CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm, CoreRevocableToken, CoreRevocationErrorResponse,
        CoreTokenIntrospectionResponse, CoreTokenType,
    },
};
use ra_domain::assurance::AcrPolicy;
use secrecy::ExposeSecret;
use tokio::sync::RwLock;
use url::Url;

use super::claims::{CisIdentity, NhsClaims};
use crate::{
    config::{ClientAuth, OidcConfig},
    keys::KeySet,
};

type NhsTokenResponse = StandardTokenResponse<
    IdTokenFields<
        NhsClaims,
        EmptyExtraTokenFields,
        CoreGenderClaim,
        CoreJweContentEncryptionAlgorithm,
        CoreJwsSigningAlgorithm,
    >,
    CoreTokenType,
>;

type NhsClient = Client<
    NhsClaims,
    CoreAuthDisplay,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    CoreJsonWebKey,
    CoreAuthPrompt,
    StandardErrorResponse<CoreErrorResponseType>,
    NhsTokenResponse,
    CoreTokenIntrospectionResponse,
    CoreRevocableToken,
    CoreRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

#[derive(Debug, thiserror::Error)]
pub enum OidcError {
    #[error("discovery at {issuer} failed: {reason}")]
    Discovery { issuer: String, reason: String },
    #[error("the provider has no token endpoint")]
    NoTokenEndpoint,
    #[error("invalid redirect URI: {0}")]
    RedirectUri(String),
}

/// Why a sign-in was refused. `reason()` is the code the sign-in-problem page explains.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("the provider refused the authorization code: {0}")]
    Token(String),
    #[error("the ID token failed verification: {0}")]
    IdToken(String),
    #[error("the sign-in's assurance is too low: {0}")]
    Assurance(String),
    #[error("userinfo did not match the ID token: {0}")]
    UserInfo(String),
    #[error("the provider could not be reached: {0}")]
    Provider(String),
}

impl SignInError {
    pub fn reason(&self) -> &'static str {
        match self {
            SignInError::Token(_) | SignInError::IdToken(_) => "token",
            SignInError::Assurance(_) => "assurance",
            SignInError::UserInfo(_) => "userinfo",
            SignInError::Provider(_) => "provider",
        }
    }
}

struct Discovered {
    client: NhsClient,
    token_endpoint: String,
    jwks_uri: String,
    end_session_endpoint: Option<Url>,
}

/// The CIS2 client. Cheap to share; re-discovers when the provider's keys rotate.
pub struct Oidc {
    config: OidcConfig,
    keys: Arc<KeySet>,
    redirect_uri: RedirectUrl,
    http: reqwest::Client,
    discovered: RwLock<Arc<Discovered>>,
    acr_policy: AcrPolicy,
}

/// What the browser is sent to the provider with; kept server-side until the callback.
pub struct AuthorizationStart {
    pub url: Url,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

impl Oidc {
    pub async fn discover(
        config: OidcConfig,
        keys: Arc<KeySet>,
        redirect_uri: String,
    ) -> Result<Self, OidcError> {
        let http = super::provider_http::provider_client().map_err(|e| OidcError::Discovery {
            issuer: config.issuer.clone(),
            reason: e.to_string(),
        })?;
        let redirect_uri = RedirectUrl::new(redirect_uri.clone())
            .map_err(|e| OidcError::RedirectUri(e.to_string()))?;
        let discovered = discover(&config, &http, &redirect_uri).await?;
        let acr_policy = AcrPolicy::new(config.allowed_acr.clone());
        Ok(Self {
            config,
            keys,
            redirect_uri,
            http,
            discovered: RwLock::new(Arc::new(discovered)),
            acr_policy,
        })
    }

    pub fn client_id(&self) -> &str {
        &self.config.client_id
    }

    /// Where the provider publishes its signing keys (logout tokens are checked with them).
    pub async fn jwks_uri(&self) -> String {
        self.discovered.read().await.jwks_uri.clone()
    }

    /// The HTTP client for calls to the provider (see `provider_http::provider_client`).
    pub fn http(&self) -> reqwest::Client {
        self.http.clone()
    }

    pub async fn end_session_endpoint(&self) -> Option<Url> {
        self.discovered.read().await.end_session_endpoint.clone()
    }

    pub async fn start(&self) -> AuthorizationStart {
        let d = self.discovered.read().await.clone();
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut req = d
            .client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge);
        for scope in self.config.scopes.iter().filter(|s| *s != "openid") {
            req = req.add_scope(Scope::new(scope.clone()));
        }
        for acr in &self.config.acr_values {
            req = req.add_auth_context_value(AuthenticationContextClass::new(acr.clone()));
        }
        let (url, state, nonce) = req.url();
        AuthorizationStart {
            url,
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        }
    }

    /// Exchanges the code and checks everything CIS2 sent back.
    pub async fn complete(
        &self,
        code: &str,
        pkce_verifier: &str,
        nonce: &str,
    ) -> Result<CisIdentity, SignInError> {
        let d = self.discovered.read().await.clone();
        let mut req = d
            .client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| SignInError::Provider(e.to_string()))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()));
        if self.config.client_auth == ClientAuth::PrivateKeyJwt {
            let assertion = self
                .keys
                .current
                .client_assertion(&self.config.client_id, &d.token_endpoint)
                .map_err(|e| {
                    SignInError::Provider(format!("could not sign the client assertion: {e}"))
                })?;
            req = req
                .add_extra_param("client_assertion_type", ASSERTION_TYPE)
                .add_extra_param("client_assertion", assertion);
        }
        let token = req.request_async(&self.http).await.map_err(|e| match e {
            RequestTokenError::ServerResponse(r) => SignInError::Token(r.to_string()),
            other => SignInError::Provider(other.to_string()),
        })?;
        let id_token = token
            .id_token()
            .ok_or_else(|| SignInError::IdToken("the token response has no ID token".into()))?;

        let expected_nonce = Nonce::new(nonce.to_owned());
        let claims = match id_token.claims(&d.client.id_token_verifier(), &expected_nonce) {
            Ok(c) => c.clone(),
            Err(ClaimsVerificationError::SignatureVerification(
                SignatureVerificationError::NoMatchingKey,
            )) => {
                // The provider rotated its keys: fetch them again, once.
                let fresh = self
                    .refresh()
                    .await
                    .map_err(|e| SignInError::Provider(e.to_string()))?;
                id_token
                    .claims(&fresh.client.id_token_verifier(), &expected_nonce)
                    .map_err(|e| SignInError::IdToken(e.to_string()))?
                    .clone()
            }
            Err(e) => return Err(SignInError::IdToken(e.to_string())),
        };
        let acr = claims.auth_context_ref().map(|a| a.as_str().to_owned());
        self.acr_policy
            .check(acr.as_deref())
            .map_err(|e| SignInError::Assurance(e.to_string()))?;

        let subject = claims.subject().clone();
        let info = d
            .client
            .user_info(
                AccessToken::new(token.access_token().secret().clone()),
                Some(subject.clone()),
            )
            .map_err(|e| SignInError::Provider(e.to_string()))?
            .request_async::<NhsClaims, _, CoreGenderClaim>(&self.http)
            .await
            .map_err(|e| match e {
                UserInfoError::ClaimsVerification(v) => SignInError::UserInfo(v.to_string()),
                other => SignInError::Provider(other.to_string()),
            })?;
        // openidconnect checks the subject; checked here too so the rule is visible.
        if info.subject() != &subject {
            return Err(SignInError::UserInfo("subjects differ".into()));
        }

        let extra = info.additional_claims();
        let id_extra = claims.additional_claims();
        let display_name = info
            .name()
            .and_then(|n| n.get(None))
            .map(|n| n.as_str().to_owned())
            .or_else(|| {
                claims
                    .name()
                    .and_then(|n| n.get(None))
                    .map(|n| n.as_str().to_owned())
            })
            .unwrap_or_else(|| subject.as_str().to_owned());
        Ok(CisIdentity {
            issuer: self.config.issuer.clone(),
            subject: subject.as_str().to_owned(),
            display_name,
            email: info.email().map(|e| e.as_str().to_owned()),
            acr: acr.unwrap_or_default(),
            sid: id_extra.sid.clone(),
            selected_roleid: id_extra
                .selected_roleid
                .clone()
                .or_else(|| extra.selected_roleid.clone()),
            roles: extra.roles(),
            orgs: extra.orgs(),
            id_token: id_token.to_string(),
        })
    }

    async fn refresh(&self) -> Result<Arc<Discovered>, OidcError> {
        let fresh = Arc::new(discover(&self.config, &self.http, &self.redirect_uri).await?);
        *self.discovered.write().await = fresh.clone();
        tracing::info!("re-discovered the provider after an unknown signing key");
        Ok(fresh)
    }
}

async fn discover(
    config: &OidcConfig,
    http: &reqwest::Client,
    redirect_uri: &RedirectUrl,
) -> Result<Discovered, OidcError> {
    let fail = |reason: String| OidcError::Discovery {
        issuer: config.issuer.clone(),
        reason,
    };
    // IssuerUrl compares the exact string, so CIS2's ":443" issuer must be configured as is.
    let issuer = IssuerUrl::new(config.issuer.clone()).map_err(|e| fail(e.to_string()))?;
    let metadata = ProviderMetadataWithLogout::discover_async(issuer, http)
        .await
        .map_err(|e| fail(error_chain(&e)))?;
    let jwks_uri = metadata.jwks_uri().url().to_string();
    let token_endpoint = metadata
        .token_endpoint()
        .map(|u| u.as_str().to_owned())
        .ok_or(OidcError::NoTokenEndpoint)?;
    let end_session_endpoint = metadata
        .additional_metadata()
        .end_session_endpoint
        .as_ref()
        .map(|u| u.url().clone());
    let secret = config
        .client_secret
        .as_ref()
        .map(|s| ClientSecret::new(s.expose_secret().to_owned()));
    let secret = if config.client_auth == ClientAuth::ClientSecretPost {
        secret
    } else {
        None
    };
    let client = NhsClient::from_provider_metadata(
        metadata,
        ClientId::new(config.client_id.clone()),
        secret,
    )
    .set_redirect_uri(redirect_uri.clone())
    .set_auth_type(AuthType::RequestBody);
    Ok(Discovered {
        client,
        token_endpoint,
        jwks_uri,
        end_session_endpoint,
    })
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}
