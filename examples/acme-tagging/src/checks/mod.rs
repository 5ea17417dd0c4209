//! One file per check; register each with one line here.

splitline_plugin_sdk::checks![required_tags_present, tag_values_allowed];
