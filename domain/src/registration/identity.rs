//! The identity check an RA officer records at the meeting: three documents seen — one
//! photo ID, one proof of address and one more — recorded by type only, never images.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    Passport,
    PhotocardDrivingLicence,
    NationalIdentityCard,
    BiometricResidencePermit,
    UtilityBill,
    BankStatement,
    CouncilTaxBill,
    BirthCertificate,
    MarriageCertificate,
    P60,
}

pub const ALL_DOCUMENTS: [DocumentType; 10] = [
    DocumentType::Passport,
    DocumentType::PhotocardDrivingLicence,
    DocumentType::NationalIdentityCard,
    DocumentType::BiometricResidencePermit,
    DocumentType::UtilityBill,
    DocumentType::BankStatement,
    DocumentType::CouncilTaxBill,
    DocumentType::BirthCertificate,
    DocumentType::MarriageCertificate,
    DocumentType::P60,
];

impl DocumentType {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentType::Passport => "passport",
            DocumentType::PhotocardDrivingLicence => "photocard_driving_licence",
            DocumentType::NationalIdentityCard => "national_identity_card",
            DocumentType::BiometricResidencePermit => "biometric_residence_permit",
            DocumentType::UtilityBill => "utility_bill",
            DocumentType::BankStatement => "bank_statement",
            DocumentType::CouncilTaxBill => "council_tax_bill",
            DocumentType::BirthCertificate => "birth_certificate",
            DocumentType::MarriageCertificate => "marriage_certificate",
            DocumentType::P60 => "p60",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        ALL_DOCUMENTS.into_iter().find(|d| d.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            DocumentType::Passport => "Passport",
            DocumentType::PhotocardDrivingLicence => "Photocard driving licence",
            DocumentType::NationalIdentityCard => "National identity card",
            DocumentType::BiometricResidencePermit => "Biometric residence permit",
            DocumentType::UtilityBill => "Utility bill (last 3 months)",
            DocumentType::BankStatement => "Bank statement (last 3 months)",
            DocumentType::CouncilTaxBill => "Council tax bill (this year)",
            DocumentType::BirthCertificate => "Birth certificate",
            DocumentType::MarriageCertificate => "Marriage or civil partnership certificate",
            DocumentType::P60 => "P60",
        }
    }

    pub fn is_photo_id(self) -> bool {
        matches!(
            self,
            DocumentType::Passport
                | DocumentType::PhotocardDrivingLicence
                | DocumentType::NationalIdentityCard
                | DocumentType::BiometricResidencePermit
        )
    }

    pub fn proves_address(self) -> bool {
        matches!(
            self,
            DocumentType::UtilityBill | DocumentType::BankStatement | DocumentType::CouncilTaxBill
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("Choose each document from the list")]
    Unknown,
    #[error("Record exactly three documents")]
    NotThree,
    #[error("Each document must be a different one")]
    Repeated,
    #[error(
        "One document must be photo ID (passport, photocard driving licence, identity card or residence permit)"
    )]
    NoPhotoId,
    #[error(
        "One document must prove the address (utility bill, bank statement or council tax bill)"
    )]
    NoProofOfAddress,
}

/// The document types as the form names them, checked: the identity check an RA officer
/// records. An unknown name is refused like a wrong choice.
pub fn read_documents(names: &[String]) -> Result<Vec<DocumentType>, IdentityError> {
    let docs = names
        .iter()
        .map(|n| DocumentType::parse(n.trim()).ok_or(IdentityError::Unknown))
        .collect::<Result<Vec<_>, _>>()?;
    check_documents(&docs)?;
    Ok(docs)
}

/// Three documents of different types including a photo ID and a proof of address. The
/// third may be of any kind, so a person with two photo IDs is not turned away.
pub fn check_documents(docs: &[DocumentType]) -> Result<(), IdentityError> {
    if docs.len() != 3 {
        return Err(IdentityError::NotThree);
    }
    if docs[0] == docs[1] || docs[0] == docs[2] || docs[1] == docs[2] {
        return Err(IdentityError::Repeated);
    }
    if !docs.iter().any(|d| d.is_photo_id()) {
        return Err(IdentityError::NoPhotoId);
    }
    if !docs.iter().any(|d| d.proves_address()) {
        return Err(IdentityError::NoProofOfAddress);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use DocumentType::*;

    #[test]
    fn three_documents_with_photo_and_address() {
        assert_eq!(
            check_documents(&[Passport, UtilityBill, BirthCertificate]),
            Ok(())
        );
        assert_eq!(
            check_documents(&[Passport, PhotocardDrivingLicence, BankStatement]),
            Ok(())
        );
        assert_eq!(
            check_documents(&[Passport, UtilityBill]),
            Err(IdentityError::NotThree)
        );
        assert_eq!(
            check_documents(&[Passport, Passport, UtilityBill]),
            Err(IdentityError::Repeated)
        );
        assert_eq!(
            check_documents(&[BirthCertificate, UtilityBill, P60]),
            Err(IdentityError::NoPhotoId)
        );
        assert_eq!(
            check_documents(&[Passport, NationalIdentityCard, P60]),
            Err(IdentityError::NoProofOfAddress)
        );
    }

    #[test]
    fn documents_are_read_from_their_form_names() {
        let names = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            read_documents(&names(&["passport", " utility_bill", "p60"])),
            Ok(vec![Passport, UtilityBill, P60])
        );
        assert_eq!(
            read_documents(&names(&["passport", "selfie", "p60"])),
            Err(IdentityError::Unknown)
        );
        assert_eq!(
            read_documents(&names(&["passport", "p60"])),
            Err(IdentityError::NotThree)
        );
    }

    #[test]
    fn names_round_trip() {
        for d in ALL_DOCUMENTS {
            assert_eq!(DocumentType::parse(d.as_str()), Some(d));
        }
    }
}
