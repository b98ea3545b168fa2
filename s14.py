from h import *
with sync_playwright() as p:
    b,ctx,pg=login(p,"sander.bos@praktijktafel.example")
    pg.goto(BASE+"/sessie/14/live/"); print(pg.url,width(pg)); print(txt(pg)[:2500])
    print(pg.evaluate("""Array.from(document.querySelectorAll('main form')).map(f=>f.action+' :: '+Array.from(f.querySelectorAll('[name]')).map(e=>e.name+'='+e.type+'='+(e.value||'').slice(0,20)).join(','))"""))
    print(links(pg))
