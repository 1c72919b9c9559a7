"""Names for generated clients and new hires (proper names, the same in every language)."""

CLIENT_NAMES = (
    "Orion", "Vega", "Atlas", "Borealis", "Cobalt", "Delta Foods", "Ember", "Fjord", "Granite",
    "Helix", "Ivory", "Juniper", "Kestrel", "Lumen", "Magnolia", "Nimbus", "Onyx", "Pioneer",
    "Quartz", "Raven", "Sable", "Tundra", "Umbra", "Vertex", "Willow", "Xenon", "Yarrow",
    "Zephyr", "Amber Mills", "Beacon", "Cedar & Co", "Dune", "Echo Labs", "Falcon", "Glacier",
    "Harbor", "Indigo", "Jasper", "Kite", "Lotus", "Meridian", "Nova", "Oakridge", "Pulse",
    "Quill", "Ridge", "Summit", "Tidal", "Unity", "Vantage", "Wren", "Yukon", "Zenith",
    "Acorn", "Bramble", "Canyon", "Drift", "Elm Street", "Flint", "Grove", "Hollow", "Iris",
    "Jet", "Keystone", "Larch", "Maple", "Nectar", "Oasis", "Pebble", "Quarry", "Rook",
    "Spruce", "Thistle", "Upland", "Valley", "Wave", "Yield", "Zinc", "Aurora", "Basalt",
    "Crest", "Dawn", "Equinox", "Fern", "Gale", "Heron", "Inlet", "Jade", "Koala", "Lynx",
    "Mosaic", "Nordic", "Orchid", "Prism", "Quest", "Rivet", "Sparrow", "Topaz", "Urchin",
)

STAFF_NAMES = (
    "Alex", "Dana", "Ilya", "Kira", "Lev", "Maya", "Nika", "Oleg", "Polina", "Roman", "Sasha",
    "Timur", "Vera", "Yana", "Zoya", "Boris", "Daria", "Egor", "Gleb", "Inna",
)
