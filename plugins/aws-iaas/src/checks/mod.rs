//! One file per check; register each with one line here.

splitline_plugin_sdk::checks![
    ec2_security_group_ssh_restricted,
    ec2_security_group_rdp_restricted,
    ec2_security_group_database_ports_restricted,
    ec2_security_group_default_closed,
    ec2_instance_imdsv2_required,
    ec2_instance_no_public_ip,
    ec2_instance_profile_attached,
    ec2_instance_ssm_managed,
    ec2_instance_patch_compliant,
    ec2_image_not_public,
    ebs_volume_encrypted,
    ebs_snapshot_encrypted,
    ebs_snapshot_not_public,
    ebs_encryption_by_default,
    vpc_flow_logs_enabled,
];
