//! One file per check; register each with one line here.

splitline_plugin_sdk::checks![
    vm_managed_disks,
    vm_encryption_at_host,
    vm_disks_customer_managed_key,
    vm_approved_extensions,
    vm_automatic_patching,
    vm_patch_assessment,
    vm_no_public_ip,
    vm_ssh_password_disabled,
    vm_trusted_launch,
    nsg_rdp_restricted,
    nsg_ssh_restricted,
    nsg_udp_restricted,
    nsg_database_ports_restricted,
    nsg_flow_log_retention,
    nsg_traffic_analytics,
    disk_unattached,
    disk_network_access_restricted,
    disk_unattached_customer_managed_key,
];
