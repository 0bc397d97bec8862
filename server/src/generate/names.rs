//! Word lists for synthetic names; every name built from them is marked "(synthetic)"
//! where it is used.

use super::rng::Rng;

const FIRST: [&str; 24] = [
    "Amara", "Ben", "Chloe", "Dev", "Efua", "Finn", "Grace", "Hamza", "Isla", "Jack", "Kemi",
    "Leah", "Mo", "Nia", "Owen", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Una", "Vik", "Wren",
    "Zoe",
];
const LAST: [&str; 20] = [
    "Adeyemi", "Brown", "Clarke", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones",
    "Khan", "Lewis", "Morgan", "Nowak", "Okafor", "Patel", "Reid", "Singh", "Taylor", "Walsh",
];
const PLACES: [&str; 20] = [
    "Ashford",
    "Barnsley",
    "Carlisle",
    "Dorchester",
    "Ely",
    "Frome",
    "Grantham",
    "Hexham",
    "Ilkley",
    "Kendal",
    "Ludlow",
    "Malton",
    "Newark",
    "Oakham",
    "Penrith",
    "Ripon",
    "Settle",
    "Thirsk",
    "Wetherby",
    "Yeovil",
];
const TREES: [&str; 12] = [
    "Oak", "Ash", "Birch", "Cedar", "Elm", "Hazel", "Holly", "Larch", "Maple", "Rowan", "Willow",
    "Yew",
];
const HOMES: [&str; 8] = [
    "House", "Lodge", "Court", "Grange", "Manor", "View", "Gardens", "Hall",
];
/// NHS England's seven regions.
const REGIONS: [&str; 7] = [
    "London",
    "South East",
    "South West",
    "Midlands",
    "East of England",
    "North West",
    "North East and Yorkshire",
];

pub fn person(r: &mut Rng) -> String {
    format!("{} {}", r.pick(&FIRST), r.pick(&LAST))
}

pub fn place(r: &mut Rng) -> &'static str {
    r.pick(&PLACES)
}

pub fn brand(r: &mut Rng) -> String {
    format!("{} {}", r.pick(&TREES), r.pick(&PLACES))
}

pub fn home(r: &mut Rng) -> String {
    format!("{}field {}", r.pick(&TREES), r.pick(&HOMES))
}

pub fn england_region(r: &mut Rng) -> &'static str {
    r.pick(&REGIONS)
}
