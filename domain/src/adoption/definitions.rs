//! One plain-English definition per adoption figure: the pages' help text and README's
//! list are both this table.

pub struct Definition {
    pub figure: &'static str,
    pub meaning: &'static str,
}

pub const DEFINITIONS: [Definition; 12] = [
    Definition {
        figure: "Headcount",
        meaning: "How many staff the organisation says it has, as a manager or RA officer last gave it, with the date it was true. For a group, the sum over its sites that have one.",
    },
    Definition {
        figure: "Requested",
        meaning: "People with at least one registration request, whatever became of it.",
    },
    Definition {
        figure: "Registered",
        meaning: "People with at least one Microsoft Authenticator device that has not been removed.",
    },
    Definition {
        figure: "In progress",
        meaning: "Open requests, by where they stand: waiting for review, approved, identity verified, link sent.",
    },
    Definition {
        figure: "Not started",
        meaning: "Headcount minus people with a request, never below zero, counted site by site. Unknown when no site has a headcount.",
    },
    Definition {
        figure: "Percent registered",
        meaning: "Registered people as a share of headcount, counted over the sites with a headcount, each site at most its own headcount. Unknown without a headcount.",
    },
    Definition {
        figure: "Median days to register",
        meaning: "Half of the enrolled requests took this many whole days or fewer from being raised to the device being registered.",
    },
    Definition {
        figure: "90th percentile days",
        meaning: "Nine in ten enrolled requests took this many whole days or fewer.",
    },
    Definition {
        figure: "Stale",
        meaning: "Open requests with no step for 5 working days.",
    },
    Definition {
        figure: "Rejected",
        meaning: "Requests an RA officer rejected.",
    },
    Definition {
        figure: "Personal and business phones",
        meaning: "Registered people by the kind of phone their request named.",
    },
    Definition {
        figure: "Projected completion",
        meaning: "The day everyone in the headcount would be registered (site by site, as for percent registered) if enrolments go on at the rate of the last 28 days; \"stalled\" when nobody enrolled in them.",
    },
];

/// What a date range does to the figures: the overview's help text and README's.
pub const DATE_RANGE: Definition = Definition {
    figure: "Date range",
    meaning: "With a start or end date, the figures count only the requests raised from the start of the first day to the end of the last (UTC): requested, registered and the phones are the people of those requests, and in progress, stale, rejected, the days taken and last activity are those requests. Headcount is unchanged. Not started, percent registered and projected completion compare the whole rollout with the headcount, so they are not given for a date range.",
};
