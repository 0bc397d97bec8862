//! An organisation an RA officer records by hand: a group they define, or a site under a
//! group. Without an ODS code the portal gives it a portal-local one, so an ODS code
//! typed here must be a real one, never a local code made up by hand.

use super::{Country, OrgKind, check_name, check_region, local_code::LOCAL_PREFIX};
use crate::{FieldError, OdsCode};

/// The form as typed.
#[derive(Debug, Clone, Copy)]
pub struct NewOrgForm<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub country: &'a str,
    pub region: &'a str,
    /// Blank: the portal gives a local code.
    pub ods_code: &'a str,
    /// The group it is a site of; blank for a group or an organisation on its own.
    pub group: &'a str,
}

/// A checked form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrgFacts {
    pub name: String,
    pub kind: OrgKind,
    pub country: Option<Country>,
    pub region: Option<String>,
    /// `None`: the portal gives it a local code.
    pub code: Option<OdsCode>,
    pub group: Option<OdsCode>,
}

/// The form's facts, or every problem with it at once, each on its field.
pub fn check_new_org(form: NewOrgForm<'_>) -> Result<NewOrgFacts, Vec<FieldError>> {
    let mut problems = Vec::new();
    let mut refuse = |field: &str, message: String| problems.push(FieldError::new(field, message));
    let name = check_name(form.name).map_err(|m| refuse("name", m));
    let kind = OrgKind::parse(form.kind.trim())
        .ok_or_else(|| refuse("kind", "Choose what kind of organisation it is".into()));
    let country = match form.country.trim() {
        "" => Ok(None),
        c => Country::parse(c)
            .map(Some)
            .ok_or_else(|| refuse("country", "Choose a country from the list".into())),
    };
    let region = check_region(form.region).map_err(|m| refuse("region", m));
    let code = match form.ods_code.trim() {
        "" => Ok(None),
        c if c.to_ascii_uppercase().starts_with(LOCAL_PREFIX) => {
            refuse(
                "ods_code",
                "Leave the ODS code blank: the portal gives a portal code to an organisation ODS does not list".into(),
            );
            Err(())
        }
        c => OdsCode::parse(c)
            .map(Some)
            .map_err(|e| refuse("ods_code", e.to_string())),
    };
    let group = match form.group.trim() {
        "" => Ok(None),
        g => OdsCode::parse(g).map(Some).map_err(|_| {
            refuse(
                "group",
                "Enter the group's code, like VNC01 or LOC-00001".into(),
            )
        }),
    };
    match (name, kind, country, region, code, group) {
        (Ok(name), Ok(kind), Ok(country), Ok(region), Ok(code), Ok(group)) => {
            if code.is_some() && code == group {
                return Err(vec![FieldError::new(
                    "group",
                    "An organisation cannot be its own group",
                )]);
            }
            Ok(NewOrgFacts {
                name,
                kind,
                country,
                region,
                code,
                group,
            })
        }
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    const COURT: NewOrgForm<'static> = NewOrgForm {
        name: " Canterbury Court ",
        kind: "care_home_site",
        country: "scotland",
        region: "Highland",
        ods_code: "",
        group: "vnc01",
    };

    fn problems(form: NewOrgForm<'_>) -> Vec<(String, String)> {
        check_new_org(form)
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.message))
            .collect()
    }

    #[test]
    fn a_site_without_an_ods_code_is_left_for_a_local_code() {
        let facts = check_new_org(COURT).unwrap();
        assert_eq!(facts.name, "Canterbury Court");
        assert_eq!(facts.code, None, "the portal gives the code");
        assert_eq!(facts.group.unwrap().as_str(), "VNC01");
        assert_eq!(facts.country, Some(Country::Scotland));
        let group = check_new_org(NewOrgForm {
            name: "Highland Homes",
            kind: "care_provider",
            country: "",
            region: " ",
            ods_code: "",
            group: "",
        })
        .unwrap();
        assert_eq!(
            (group.group, group.region, group.country),
            (None, None, None)
        );
        let with_ods = check_new_org(NewOrgForm {
            ods_code: "vxx01",
            ..COURT
        })
        .unwrap();
        assert_eq!(with_ods.code.unwrap().as_str(), "VXX01");
    }

    #[test]
    fn a_local_code_is_never_typed_and_every_problem_is_told() {
        for typed in ["LOC-00007", "loc-1"] {
            assert_eq!(
                problems(NewOrgForm {
                    ods_code: typed,
                    ..COURT
                }),
                [(
                    "ods_code".into(),
                    "Leave the ODS code blank: the portal gives a portal code to an organisation ODS does not list".into()
                )],
                "{typed}"
            );
        }
        let all = problems(NewOrgForm {
            name: "",
            kind: "castle",
            country: "france",
            region: &"r".repeat(81),
            ods_code: "V-1",
            group: "??",
        });
        let fields: Vec<&str> = all.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            ["name", "kind", "country", "region", "ods_code", "group"]
        );
        assert_eq!(
            problems(NewOrgForm {
                ods_code: "VNC01",
                ..COURT
            }),
            [(
                "group".into(),
                "An organisation cannot be its own group".into()
            )]
        );
    }
}
