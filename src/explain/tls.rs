//! TLS for the explain pass, with libpq's `sslmode` meanings: `prefer` (the default) and
//! `require` encrypt without checking the server's certificate, as libpq does without a
//! root certificate; `verify-ca` checks it against `sslrootcert` (or the Mozilla roots);
//! `verify-full` also checks that it names the host. `disable` never encrypts.

use std::path::PathBuf;
use std::sync::Arc;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, Error, RootCertStore, SignatureScheme,
};
use tokio_postgres_rustls::MakeRustlsConnect;

use super::url::take;

/// A connection string tokio-postgres can read, and the TLS to connect with.
pub struct Prepared {
    pub url: String,
    pub tls: MakeRustlsConnect,
}

/// Reads `sslmode` and `sslrootcert` (which tokio-postgres does not know in full) off the
/// connection string and builds the TLS client they ask for.
pub fn prepare(url: &str) -> Result<Prepared, String> {
    let (url, mode) = take(url, "sslmode");
    let (mut url, root) = take(&url, "sslrootcert");
    let mode = mode.map(|m| unquote(&m)).unwrap_or_else(|| "prefer".into());
    let check = match mode.as_str() {
        "disable" | "allow" | "prefer" | "require" => Check::Nothing,
        "verify-ca" => Check::Chain,
        "verify-full" => Check::ChainAndName,
        other => return Err(format!("unknown sslmode `{other}`")),
    };
    // tokio-postgres knows disable, prefer and require; the checks are ours.
    let plain = match mode.as_str() {
        "disable" => "disable",
        "allow" | "prefer" => "prefer",
        _ => "require",
    };
    url = with_parameter(&url, "sslmode", plain);
    let root = root.map(|r| PathBuf::from(unquote(&r)));
    Ok(Prepared {
        url,
        tls: MakeRustlsConnect::new(client_config(check, root.as_ref())?),
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    Nothing,
    Chain,
    ChainAndName,
}

fn client_config(check: Check, root: Option<&PathBuf>) -> Result<ClientConfig, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?;
    let chain = if check == Check::Nothing {
        None
    } else {
        let mut roots = RootCertStore::empty();
        match root {
            Some(path) => {
                let certificates = CertificateDer::pem_file_iter(path)
                    .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
                    .map_err(|e| format!("sslrootcert {}: {e}", path.display()))?;
                roots.add_parsable_certificates(certificates);
            }
            None => roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        }
        Some(
            WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
                .build()
                .map_err(|e| e.to_string())?,
        )
    };
    let verifier = Verifier {
        provider,
        chain,
        name: check == Check::ChainAndName,
    };
    Ok(builder
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth())
}

/// `'/etc/ca.pem'` → `/etc/ca.pem`; `%2Fetc` → `/etc`.
pub(super) fn unquote(value: &str) -> String {
    let value = match value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')) {
        Some(inner) => inner.replace("\\'", "'").replace("\\\\", "\\"),
        None => value.to_string(),
    };
    percent_encoding::percent_decode_str(&value)
        .decode_utf8_lossy()
        .into_owned()
}

fn with_parameter(url: &str, key: &str, value: &str) -> String {
    if url.contains("://") {
        let separator = if url.contains('?') { '&' } else { '?' };
        format!("{url}{separator}{key}={value}")
    } else {
        format!("{url} {key}={value}")
    }
}

/// Checks the server's certificate as far as the sslmode asks: not at all (`require`, as
/// libpq without a root certificate), the chain (`verify-ca`), or the chain and the host
/// name (`verify-full`). The handshake's signatures are always verified.
#[derive(Debug)]
struct Verifier {
    provider: Arc<CryptoProvider>,
    chain: Option<Arc<WebPkiServerVerifier>>,
    name: bool,
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        let Some(chain) = &self.chain else {
            return Ok(ServerCertVerified::assertion());
        };
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if !self.name => Ok(ServerCertVerified::assertion()),
            verified => verified,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        let algorithms = &self.provider.signature_verification_algorithms;
        verify_tls12_signature(message, cert, dss, algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        let algorithms = &self.provider.signature_verification_algorithms;
        verify_tls13_signature(message, cert, dss, algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libpq_modes_map_onto_what_tokio_postgres_knows() {
        let url = |u: &str| prepare(u).map(|p| p.url);
        assert_eq!(
            url("postgresql://db/shop?sslmode=verify-full").as_deref(),
            Ok("postgresql://db/shop?sslmode=require")
        );
        assert_eq!(
            url("postgresql://db/shop").as_deref(),
            Ok("postgresql://db/shop?sslmode=prefer")
        );
        assert_eq!(
            url("host=db sslmode=disable").as_deref(),
            Ok("host=db sslmode=disable")
        );
        assert!(prepare("host=db sslmode=sometimes").is_err());
        let missing = prepare("host=db sslmode=verify-ca sslrootcert=/no/such/ca.pem");
        assert!(missing.is_err_and(|e| e.contains("/no/such/ca.pem")));
    }
}
