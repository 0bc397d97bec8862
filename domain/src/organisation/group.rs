//! Groups: a provider or trust and its sites (ODS "is operated by"), or a group an RA
//! officer defines, such as a care group whose Scottish home ODS does not list. A group
//! is an organisation other organisations are under. Groups are one level, as the
//! adoption roll-ups count them: a site of a group is never a group itself.

use crate::{FieldError, OdsCode};

use super::local_code::named;

/// Where an organisation stands among groups, as the portal holds it.
#[derive(Debug, Clone, Copy)]
pub struct Placed<'a> {
    pub code: &'a OdsCode,
    pub name: &'a str,
    /// The group it is a site of.
    pub group: Option<&'a OdsCode>,
    /// Other organisations are under it.
    pub has_sites: bool,
}

impl Placed<'_> {
    fn named(&self) -> String {
        named(self.name, self.code.as_str())
    }
}

/// Whether `group` may take a site: it must not be a site of another group.
pub fn check_group(group: &Placed<'_>) -> Result<(), FieldError> {
    match group.group {
        Some(its_group) => Err(FieldError::new(
            "group",
            format!(
                "{} is a site of {its_group}, and groups are one level: choose {its_group} itself",
                group.named()
            ),
        )),
        None => Ok(()),
    }
}

/// Whether `site` may move into `to`, or out of its group (`to` is `None`). A group with
/// sites of its own stays a group; nothing moves into the group it is already in.
pub fn check_move(site: &Placed<'_>, to: Option<&Placed<'_>>) -> Result<(), FieldError> {
    let refuse = |m: String| Err(FieldError::new("group", m));
    if site.has_sites {
        return refuse(format!(
            "{} has sites of its own, and groups are one level: move its sites first",
            site.named()
        ));
    }
    match to {
        None if site.group.is_none() => refuse(format!("{} is not in a group", site.named())),
        None => Ok(()),
        Some(to) if to.code == site.code => {
            refuse("An organisation cannot be its own group".into())
        }
        Some(to) if site.group == Some(to.code) => {
            refuse(format!("{} is already in {}", site.named(), to.named()))
        }
        Some(to) => check_group(to),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]

    use super::*;

    fn code(s: &str) -> OdsCode {
        OdsCode::parse(s).unwrap()
    }

    #[test]
    fn a_site_moves_between_groups_of_one_level() {
        let (house, old, new) = (code("VNC11"), code("VNC01"), code("LOC-00002"));
        let site = Placed {
            code: &house,
            name: "Canterbury House",
            group: Some(&old),
            has_sites: false,
        };
        let target = Placed {
            code: &new,
            name: "Highland Homes",
            group: None,
            has_sites: false,
        };
        assert_eq!(check_move(&site, Some(&target)), Ok(()));
        assert_eq!(check_move(&site, None), Ok(()), "out of its group");

        let message = |r: Result<(), FieldError>| r.unwrap_err().message;
        let old_group = Placed {
            code: &old,
            name: "Canterbury Care Homes",
            group: None,
            has_sites: true,
        };
        assert_eq!(
            message(check_move(&site, Some(&old_group))),
            "Canterbury House (VNC11) is already in Canterbury Care Homes (VNC01)"
        );
        assert_eq!(
            message(check_move(&site, Some(&site))),
            "An organisation cannot be its own group"
        );
        assert_eq!(
            message(check_move(&old_group, Some(&target))),
            "Canterbury Care Homes (VNC01) has sites of its own, and groups are one level: move its sites first"
        );
        // A site of a group cannot take sites: the roll-ups count one level.
        let lone = code("VMB01");
        let alone = Placed {
            code: &lone,
            name: "Meadowbank Care Home",
            group: None,
            has_sites: false,
        };
        assert_eq!(
            message(check_move(&alone, Some(&site))),
            "Canterbury House (VNC11) is a site of VNC01, and groups are one level: choose VNC01 itself"
        );
        assert_eq!(
            message(check_move(&alone, None)),
            "Meadowbank Care Home (VMB01) is not in a group"
        );
        assert_eq!(
            message(check_group(&Placed {
                name: "Highland Court",
                code: &new,
                group: Some(&old),
                has_sites: false
            })),
            "Highland Court (LOC-00002, portal code) is a site of VNC01, and groups are one level: choose VNC01 itself"
        );
    }
}
