//! One file per check; register each with one line here.

splitline_plugin_sdk::checks![
    ec2_security_group_ssh_restricted,
    ec2_security_group_rdp_restricted,
    ec2_security_group_database_ports_restricted,
    ec2_security_group_default_closed,
];
