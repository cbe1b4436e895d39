/**
 * The app shell: header (product name, language, user menu), a role-filtered side menu that
 * becomes a drawer below the `md` breakpoint, and the routed page.
 */
import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, Typography, theme, type MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useLogout, useUser } from '../auth/session.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { NAV, allowed, selectedKey } from './nav.tsx';
import { NotificationBell } from './NotificationBell.tsx';

function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const { pathname } = useLocation();
  const items: MenuProps['items'] = NAV.flatMap((g, gi) => {
    const visible = g.items.filter((i) => allowed(user.roles, i.roles));
    if (!visible.length) return [];
    const entries = visible.map((i) => ({
      key: i.path,
      icon: i.icon,
      label: (
        <Link
          to={i.path}
          onClick={onNavigate}
          data-testid={`nav-${i.path.replace(/\//g, '-').replace(/^-/, '') || 'home'}`}
        >
          {t(i.label)}
        </Link>
      ),
    }));
    const out: NonNullable<MenuProps['items']> = g.label
      ? [{ type: 'group', key: `g${gi}`, label: t(g.label), children: entries }]
      : entries;
    return out;
  });
  return (
    <Menu
      mode="inline"
      selectedKeys={[selectedKey(pathname)]}
      items={items}
      style={{ borderInlineEnd: 0 }}
      data-testid="side-menu"
    />
  );
}

function UserMenu() {
  const { t } = useTranslation();
  const user = useUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const items: MenuProps['items'] = [
    { key: 'account', icon: <UserOutlined />, label: <span data-testid="menu-account">{t('nav.account')}</span> },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="menu-logout">{t('nav.logout')}</span> },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'account') void navigate('/account');
    if (key === 'logout') logout.mutate(undefined, { onSettled: () => void navigate('/login', { replace: true }) });
  };
  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Button type="text" data-testid="user-menu" style={{ paddingInline: 6 }}>
        <Avatar size="small" icon={<UserOutlined />} />
        {screens.sm && <span data-testid="user-name">{user.displayName}</span>}
      </Button>
    </Dropdown>
  );
}

/** The authenticated page frame; routes render into its `<Outlet />`. */
export function AppLayout() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { token } = theme.useToken();
  // Before the first measurement useBreakpoint() is empty: treat that as desktop to avoid a flash.
  const mobile = screens.md === false;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{
          background: token.colorBgContainer,
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
          paddingInline: mobile ? 12 : 24,
          position: 'sticky',
          top: 0,
          zIndex: 10,
        }}
      >
        <Flex align="center" justify="space-between" style={{ height: '100%' }} gap={8}>
          <Flex align="center" gap={8}>
            {mobile && (
              <Button
                type="text"
                icon={<MenuOutlined />}
                onClick={() => setDrawerOpen(true)}
                aria-label={t('nav.openMenu')}
                data-testid="menu-toggle"
              />
            )}
            <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
              <img src="/favicon.svg" alt="" width={28} height={28} />
              <Typography.Text strong style={{ fontSize: 18, whiteSpace: 'nowrap' }} data-testid="product-name">
                学力 Xueli
              </Typography.Text>
            </Link>
          </Flex>
          <Flex align="center" gap={4}>
            <NotificationBell />
            <LanguageSwitch />
            <UserMenu />
          </Flex>
        </Flex>
      </Layout.Header>
      <Layout>
        {!mobile && (
          <Layout.Sider
            width={220}
            theme="light"
            style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}
          >
            <SideMenu />
          </Layout.Sider>
        )}
        {mobile && (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            width={260}
            styles={{ body: { padding: 0 } }}
            title="学力 Xueli"
          >
            <SideMenu onNavigate={() => setDrawerOpen(false)} />
          </Drawer>
        )}
        <Layout.Content style={{ padding: mobile ? 12 : 24, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
