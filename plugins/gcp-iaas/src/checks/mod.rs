//! One file per check; register each with one line here.

splitline_plugin_sdk::checks![
    gce_instance_no_external_ip,
    gce_instance_not_default_service_account,
    gce_instance_default_sa_full_access,
    gce_project_os_login,
    gce_instance_os_login,
    gce_instance_serial_port_disabled,
    gce_instance_shielded_vm,
    gce_instance_ip_forwarding_disabled,
    gce_instance_block_project_ssh_keys,
    gce_disk_cmek,
    vpc_firewall_ssh_restricted,
    vpc_firewall_rdp_restricted,
    vpc_firewall_database_ports_restricted,
    vpc_subnet_flow_logs,
];
