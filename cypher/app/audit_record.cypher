CREATE (e:AuditEvent {at: datetime(), username: $username, action: $action, detail: $detail,
                      remote_addr: $remote_addr})
