"""`pip install .` gives a working app: templates, static files, migrations, data and catalogues
are found from the installed package, not from this checkout."""

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHECK_INSTALLED_APP = textwrap.dedent(
    """
    import sys
    import campaign, flask_migrate
    from campaign import create_app
    from campaign.extensions import db
    from campaign.reference.services import load_reference_data
    app = create_app({"CAMPAIGN_ENV": "testing", "SECRET_KEY": "k" * 40,
                      "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1]})
    with app.app_context():
        flask_migrate.upgrade()
        load_reference_data()
        db.session.commit()
    client = app.test_client()
    sign_in = client.get("/login")
    assert sign_in.status_code == 200 and "Đăng nhập" in sign_in.get_data(as_text=True)
    with client.get("/static/vendor/bootstrap/bootstrap.min.css") as css:
        assert css.status_code == 200
    assert client.get("/healthz").json["status"] == "ok"
    print("installed app works from", campaign.__file__)
    """
)


def test_the_installed_wheel_is_a_working_app(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(wheels), str(ROOT)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = wheels.glob("campaign-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for installed in ("campaign/templates/base.html", "campaign/static/css/app.css",
                      "campaign/migrations/env.py", "campaign/migrations/alembic.ini"):
        assert installed in names, f"{installed} missing from the wheel"
    assert any(name.startswith("campaign/migrations/versions/") for name in names)
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
         *map(str, wheels.glob("campaign-*.whl"))],
        check=True, capture_output=True,
    )  # fmt: skip
    work_tree = tmp_path / "elsewhere"
    work_tree.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", CHECK_INSTALLED_APP, str(tmp_path / "installed.sqlite3")],
        cwd=work_tree, env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert str(site) in result.stdout
